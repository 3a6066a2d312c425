"""The forms of dossiers, one module per use case, as the views (dossiers/views/). They parse
and validate input only; the services apply the rules that span rows."""
