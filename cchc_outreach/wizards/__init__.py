from . import cchc_task_refuse_wizard
