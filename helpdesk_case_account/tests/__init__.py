from . import test_credit_note
from . import test_credit_request
from . import test_consult360_account
from . import test_i18n
from . import test_portal_links
from . import test_agent_opens_documents
