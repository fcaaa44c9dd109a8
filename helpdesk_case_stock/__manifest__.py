{
    "name": "Helpdesk Case - Returns",
    "summary": "Change-and-return workflow: return pickings (and exchange deliveries) from a "
    "ticket, tickets following their pickings, delivery state in Consulta 360",
    "version": "19.0.1.0.0",
    "category": "Services/Helpdesk",
    "author": "Helpdesk Case",
    "website": "https://github.com/helpdesk-case/helpdesk-case",
    "license": "LGPL-3",
    "depends": ["helpdesk_case_sale", "sale_stock"],
    "data": [
        "data/case_workflow_data.xml",
        "views/case_ticket_views.xml",
        "views/stock_picking_views.xml",
    ],
    "demo": ["demo/case_typification_demo.xml"],
    "auto_install": True,
    "installable": True,
}
