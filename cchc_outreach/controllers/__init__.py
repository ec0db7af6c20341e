from . import cchc_plan_verify
from . import cchc_plan_xlsx
from . import cchc_report_xlsx
from . import cchc_feedback_portal
