from . import cchc_dashboard_department
from . import cchc_dashboard_task
