{
    "name": "Helpdesk Case - Return Refunds",
    "summary": "The refund credit note of a change-and-return ticket, from its sale order",
    "version": "19.0.1.0.0",
    "category": "Services/Helpdesk",
    "author": "Helpdesk Case",
    "website": "https://github.com/helpdesk-case/helpdesk-case",
    "license": "LGPL-3",
    "depends": ["helpdesk_case_stock", "helpdesk_case_account"],
    "data": ["views/case_ticket_views.xml"],
    "auto_install": True,
    "installable": True,
}
