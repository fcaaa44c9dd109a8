{
    "name": "Helpdesk Case - Timesheets",
    "summary": "A project task per ticket, time entries from the ticket form and the hours "
    "spent in the helpdesk reports",
    "version": "19.0.1.0.0",
    "category": "Services/Helpdesk",
    "author": "Helpdesk Case",
    "website": "https://github.com/helpdesk-case/helpdesk-case",
    "license": "LGPL-3",
    "depends": ["helpdesk_case", "hr_timesheet"],
    "data": [
        "security/case_timesheet_security.xml",
        "views/case_ticket_views.xml",
        "views/case_typification_views.xml",
        "views/account_analytic_line_views.xml",
        "report/case_ticket_report_views.xml",
    ],
    "auto_install": True,
    "installable": True,
}
