{
    "name": "Helpdesk Case - Time Off",
    "summary": "Automatic assignment skips agents on approved time off",
    "version": "19.0.1.0.0",
    "category": "Services/Helpdesk",
    "author": "Helpdesk Case",
    "website": "https://github.com/helpdesk-case/helpdesk-case",
    "license": "LGPL-3",
    "depends": ["helpdesk_case", "hr_holidays"],
    "auto_install": True,
    "installable": True,
}
