from . import test_chatbot_ticket
from . import test_ticket_command
