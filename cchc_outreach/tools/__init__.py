"""Pure helpers of the addon that do not depend on Odoo.

The modules of this package import only the standard library, Pillow, PyPDF2 and lxml (all
pinned by Odoo 18), and refer to each other with relative imports only, so that they can be
loaded and unit-tested without an Odoo installation:

* :mod:`.text` -- cleaning of user-typed text (invisible characters, whitespace, file names)
  and folding for comparisons;
* :mod:`.contact` -- phone number and e-mail address normalisation;
* :mod:`.files` -- structural checks of uploaded attachments (images, PDF, DOCX/XLSX);
* :mod:`.personal_data` -- detection of a sender's personal data in a text.

Nothing is imported here on purpose: importing the package must stay cheap and must not
require Pillow or PyPDF2 for the text helpers.
"""
