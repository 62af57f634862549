/* Loading the PC4 centres (pc4_centroids.tsv) into the store's pc4_areas,
 * for travel distance in matching: `werkroute import postcodes` and the
 * demo. */
#ifndef WR_PC4_AREAS_H
#define WR_PC4_AREAS_H

#include "rc.h"
#include "store.h"

/* pc4_areas_load reads data_dir/pc4_centroids.tsv and writes every row in
 * one transaction (again: the same rows); *n receives how many. */
enum rc pc4_areas_load(struct store *store, const char *data_dir, int *n);

#endif
