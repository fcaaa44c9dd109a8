import { registry } from "@web/core/registry";

// An agent looks a consultant up by tax ID, reads the sections, then opens all their tickets.
registry.category("web_tour.tours").add("helpdesk_case_consult360", {
    url: "/odoo/consulta-360",
    steps: () => [
        {
            content: "Search the consultant by tax ID",
            trigger: ".o_case_consult360 input.o_case_360_query",
            run: "edit TOUR360VAT",
        },
        {
            content: "Search",
            trigger: ".o_case_consult360 button.o_case_360_search",
            run: "click",
        },
        {
            content: "The contact section shows the e-mail",
            trigger: ".o_case_360_section_contact .o_case_360_figure:contains(tour360@example.com)",
        },
        {
            content: "The network section lists the recruit",
            trigger: ".o_case_360_section_network .o_case_360_line:contains(Tour360 Recruit)",
        },
        {
            content: "The tickets section counts two open tickets",
            trigger: ".o_case_360_section_tickets .o_case_360_figure:contains(2)",
        },
        {
            content: "Open all the tickets",
            trigger: ".o_case_360_section_tickets .o_case_360_open_all",
            run: "click",
        },
        {
            content: "The tickets open, in their usual kanban",
            trigger: ".o_kanban_record:contains(Tour360 second)",
        },
        {
            content: "Back to Consulta 360 through the breadcrumbs",
            trigger: ".o_breadcrumb a:contains(Consulta 360)",
            run: "click",
        },
        {
            content: "The same person is shown again",
            trigger: ".o_case_360_partner:contains(Tour360 Consultant)",
        },
    ],
});
