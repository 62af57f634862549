/* Static assets (CSS, JavaScript) built into the binary, under /static/. */
#ifndef WR_STATIC_H
#define WR_STATIC_H

#include "http.h"

/* static_serve answers GET/HEAD /static/NAME from the embedded files; names
 * are plain file names, so no path can climb out. */
void static_serve(struct request *req, struct response *resp);

#endif
