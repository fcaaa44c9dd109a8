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
