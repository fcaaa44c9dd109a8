from . import (
    test_escalation,
    test_performance,
    test_priority,
    test_queue_assignment,
    test_retypify,
    test_stages,
    test_ticket_form,
    test_ticket_numbering,
)
