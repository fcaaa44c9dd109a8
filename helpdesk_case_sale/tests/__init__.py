from . import (
    test_backorder,
    test_consult360_orders,
    test_order_release,
    test_portal,
    test_portal_consultant,
    test_ticket_order,
)
