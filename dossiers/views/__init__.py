"""The pages of dossiers, one module per use case: the list, search and « Ma liste »
(`liste`), opening a file (`ouverture`), the file page and its history (`fiche`), identity,
coordonnées, compléments and mobility, follow-up (`suivi`: appointments, events,
propositions), situations and cursus, documents, messages. The shared toolkit (form →
service → message, pages, objects of the ML) is imilo.vues."""
