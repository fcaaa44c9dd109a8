from . import case_ticket
from . import chatbot_script_step
from . import discuss_channel
