from . import (
    test_backorder,
    test_consult360_orders,
    test_order_release,
    test_portal,
    test_ticket_order,
)
