#include "plan_pdf.h"

#include <stdio.h>
#include <string.h>

#include "date.h"
#include "pdf.h"
#include "plan_web.h"
#include "banned.h"

/* "3 maart 2024" for "2024-03-03"; the text itself when it is no date. */
static const char *long_date(struct arena *a, const char *iso)
{
    struct date d;
    char out[32];
    if (!iso || !date_parse(iso, &d))
        return iso ? iso : "";
    date_format_nl(&d, out);
    return arena_strdup(a, out);
}

static const char *period(struct arena *a, const struct plan_activity *act)
{
    if (act->ends_on && *act->ends_on)
        return arena_printf(a, "%s – %s", long_date(a, act->starts_on), long_date(a, act->ends_on));
    return arena_printf(a, "%s %s", tr("plan_pdf.from"), long_date(a, act->starts_on));
}

static void activity_rows(struct pdf *pdf, struct arena *a, const struct plan *p, int goal,
                          bool *any)
{
    static const double widths[] = {0.24, 0.22, 0.18, 0.22, 0.14}; /* shares of the width */
    for (int i = 0; i < p->nactivities; i++) {
        const struct plan_activity *act = &p->activities[i];
        if (act->goal != goal)
            continue;
        if (!*any) {
            const char *head[] = {tr("plan_pdf.what"), tr("plan_pdf.provider"), tr("plan_pdf.who"),
                                  tr("plan_pdf.when"), tr("plan_pdf.status")};
            pdf_table_row(pdf, 5, head, widths, true);
            *any = true;
        }
        const char *status = plan_status_label(act->status);
        if (act->stop_reason && *act->stop_reason)
            status = arena_printf(a, "%s (%s)", status, act->stop_reason);
        const char *cells[] = {act->service_name, act->provider_name,
                               act->responsible && *act->responsible ? act->responsible : "–",
                               period(a, act), status};
        pdf_table_row(pdf, 5, cells, widths, false);
    }
}

enum rc plan_pdf_render(struct arena *a, const struct plan *p, const struct case_file *c,
                        struct buf *out)
{
    char now[21];
    timestamp_now(now);
    const char *title = arena_printf(a, "%s – %s", tr("plan_pdf.title"), c->resident_name);
    struct pdf pdf;
    pdf_init(&pdf, &(struct pdf_options){.title = title, .creation_date = now});
    pdf_paragraph(&pdf, PDF_TITLE, tr("plan_pdf.title"));
    pdf_key_value(&pdf, tr("plan_pdf.resident"), c->resident_name);
    pdf_key_value(&pdf, tr("plan_pdf.case"), arena_printf(a, "%lld", (long long)c->id));
    pdf_key_value(&pdf, tr("plan_pdf.case_manager"),
                  c->case_manager_name && *c->case_manager_name ? c->case_manager_name : "–");
    /* created_at is a timestamp; its first ten bytes are the date. */
    if (p->version > 0 && p->created_at && strlen(p->created_at) >= 10)
        pdf_key_value(&pdf, tr("plan_pdf.version"),
                      arena_printf(a, "%d, %s %s", p->version, tr("plan_pdf.made_on"),
                                   long_date(a, arena_strndup(a, p->created_at, 10))));
    pdf_key_value(&pdf, tr("plan_pdf.agreement"),
                  p->agreed
                      ? arena_printf(a, "%s %s (%s)", tr("plan_pdf.agreed_on"),
                                     long_date(a, p->agreed_on), plan_how_label(p->agreed_how))
                      : tr("plan_pdf.not_agreed"));
    pdf_rule(&pdf);
    if (p->version == 0)
        pdf_paragraph(&pdf, PDF_BODY, tr("plan_pdf.none"));
    for (int g = 0; g < p->ngoals; g++) {
        const struct plan_goal *goal = &p->goals[g];
        pdf_paragraph(
            &pdf, PDF_HEADING,
            arena_printf(a, "%s %d: %s", tr("plan_pdf.goal"), goal->position, goal->text));
        bool any = false;
        activity_rows(&pdf, a, p, goal->position, &any);
        if (!any)
            pdf_paragraph(&pdf, PDF_SMALL, tr("plan_pdf.no_activities"));
        pdf_space(&pdf, 6);
    }
    bool loose = false;
    for (int i = 0; i < p->nactivities && !loose; i++)
        loose = p->activities[i].goal == 0;
    if (loose) {
        pdf_paragraph(&pdf, PDF_HEADING, tr("plan_pdf.other_activities"));
        bool any = false;
        activity_rows(&pdf, a, p, 0, &any);
    }
    pdf_space(&pdf, 12);
    pdf_paragraph(&pdf, PDF_SMALL, tr("plan_pdf.footer"));
    enum rc rc = pdf_finish(&pdf, out);
    pdf_release(&pdf);
    return rc;
}

void plan_pdf_answer(struct request *req, struct response *resp, struct door *d, int64_t case_id,
                     void (*fail)(struct request *, struct response *, enum rc))
{
    struct plan p;
    struct case_file c;
    enum rc rc = door_plan_get(d, case_id, &p, &c);
    door_release(d);
    if (!rc)
        rc = plan_pdf_render(&req->arena, &p, &c, &resp->body);
    if (rc) {
        buf_reset(&resp->body);
        fail(req, resp, rc);
        return;
    }
    resp->content_type = "application/pdf";
    response_header(resp, "Content-Disposition",
                    arena_printf(&req->arena, "inline; filename=\"plan-van-aanpak-%lld.pdf\"",
                                 (long long)case_id));
}
