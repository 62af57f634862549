/* The demo region's service catalogue and plans van aanpak: Drechtwerk
 * (the social work company) offers a werkfit-traject, jobcoaching, a
 * werkervaringsplaats and beschut werk; a training provider (Da Vinci
 * College Contractonderwijs, made here) a VCA course and a Plusdienst for
 * statushouders. Every municipality buys them on its own terms, with
 * budgets and places; Alblasserdam has the budget for one werkfit-traject a
 * year, so the refusal over budget can be shown. Cases in uitvoering and
 * nazorg get a plan through the door as their klantmanager: most agreed by
 * the resident, the first of each klantmanager awaiting agreement, one with
 * an activity afgerond. */
#ifndef WR_DEMO_CATALOGUE_H
#define WR_DEMO_CATALOGUE_H

#include <stdio.h>

#include "rc.h"
#include "store.h"

/* demo_catalogue fills the catalogue and the plans into store, which holds
 * the demo region (organisation Drechtwerk, klantmanagers, cases), and
 * prints what it made to out. */
enum rc demo_catalogue(struct store *store, FILE *out);

#endif
