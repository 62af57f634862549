/* The plan van aanpak as a PDF the resident can take home: in Dutch, with
 * the goals and the activities under them (what, by whom, from when to
 * when, status) and whether the resident agreed. Costs are left out: they
 * are the municipality's business, not the resident's. */
#ifndef WR_PLAN_PDF_H
#define WR_PLAN_PDF_H

#include "buf.h"
#include "door_plan.h"
#include "http.h"

/* plan_pdf_render appends the PDF of plan p of case c to out. */
enum rc plan_pdf_render(struct arena *a, const struct plan *p, const struct case_file *c,
                        struct buf *out);

/* plan_pdf_answer reads the current plan of case id through the door d and
 * answers the PDF (or the door's refusal, through fail). */
void plan_pdf_answer(struct request *req, struct response *resp, struct door *d, int64_t case_id,
                     void (*fail)(struct request *, struct response *, enum rc));

#endif
