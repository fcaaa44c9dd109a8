from . import (
    case_channel,
    case_queue,
    case_request_type,
    case_stage,
    case_tag,
    case_ticket,
    case_typification,
    case_workflow,
    res_config_settings,
)
