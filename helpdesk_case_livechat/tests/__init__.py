from . import test_chatbot_ticket
from . import test_ticket_command
from . import test_i18n
