from . import cchc_task_refuse_wizard
from . import cchc_feedback_classify_wizard
from . import cchc_plan_import_wizard
from . import cchc_plan_copy_wizard
from . import cchc_plan_paper_wizard
from . import cchc_feedback_assign_wizard
