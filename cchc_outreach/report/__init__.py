from . import cchc_document_report
from . import cchc_plan_document
from . import cchc_plan_appendix_document
from . import cchc_report_document
from . import cchc_dashboard_department
from . import cchc_dashboard_task
from . import cchc_province_task_progress
from . import cchc_province_department
