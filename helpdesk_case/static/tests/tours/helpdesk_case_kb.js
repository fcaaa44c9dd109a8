import { registry } from "@web/core/registry";

// A visitor types a request on the public form: an article is suggested, they open it.
registry.category("web_tour.tours").add("helpdesk_case_kb_suggest", {
    url: "/support/new",
    steps: () => [
        {
            content: "Type the subject",
            trigger: "form.o_case_support_form input[name=subject]",
            run: "edit Problema con la facturacion zafirotour",
        },
        {
            content: "An article is suggested while typing",
            trigger: ".o_case_kb_suggestions:not(.d-none) .o_case_kb_suggestion a:contains(Tour zafirotour)",
        },
        {
            content: "Its snippet is highlighted",
            trigger: ".o_case_kb_suggestion mark",
        },
        {
            content: "Open the suggestion",
            trigger: ".o_case_kb_suggestion a:contains(Tour zafirotour)",
            run(helpers) {
                // the link opens a new tab; the form stays here
                this.anchor.addEventListener("click", (ev) => ev.preventDefault(), { once: true });
                this.anchor.click();
            },
        },
        {
            content: "The opening is counted",
            trigger: ".o_case_kb_suggestion a.o_case_kb_opened",
        },
    ],
});

// An agent replies with the suggested article's link: the composer opens prefilled, they add a
// greeting and send; the reply is then in the chatter.
registry.category("web_tour.tours").add("helpdesk_case_kb_ticket", {
    steps: () => [
        {
            content: "Open the Knowledge Base tab",
            trigger: ".o_notebook a[name=kb_suggestions]",
            run: "click",
        },
        {
            content: "The article of the ticket's typification is suggested",
            trigger: ".o_field_widget[name=kb_suggestion_ids] .o_data_row:contains(Tour rubitour)",
        },
        {
            content: "Insert its link into a reply",
            trigger:
                ".o_field_widget[name=kb_suggestion_ids] .o_data_row:contains(Tour rubitour) button[name=action_kb_send]:contains(Send Link)",
            run: "click",
        },
        {
            content: "The composer opens with the link in the reply",
            trigger: ".modal .o_mail_composer_message .odoo-editor-editable a:contains(Tour rubitour)",
        },
        {
            content: "Nothing was posted yet",
            trigger: ".o-mail-Chatter:not(:has(.o-mail-Message a:contains(Tour rubitour)))",
        },
        {
            content: "The agent edits the reply",
            trigger:
                ".modal .o_mail_composer_message .odoo-editor-editable p:contains(This article answers)",
            run: "editor Hola rubitour, este artículo responde a su pregunta:",
        },
        {
            content: "Send",
            trigger: ".modal button[name=action_send_mail]",
            run: "click",
        },
        {
            content: "The reply with the link is in the chatter",
            trigger: ".o-mail-Message:contains(Hola rubitour) a:contains(Tour rubitour)",
        },
    ],
});
