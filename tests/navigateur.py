"""What the browser tests share: signing in as a demo user, the accessibility check."""

from axe_playwright_python.sync_playwright import Axe

from imilo.demo import MOT_DE_PASSE_DEMO


def se_connecter(page, live_server, identifiant="s.debout", mot_de_passe=MOT_DE_PASSE_DEMO):
    page.goto(f"{live_server.url}/")
    page.get_by_label("Identifiant").fill(identifiant)
    page.get_by_label("Mot de passe", exact=True).fill(mot_de_passe)
    page.get_by_role("button", name="Se connecter").click()


def violations_graves(page) -> list[str]:
    resultats = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}) : {v['help']}"
        for v in resultats.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
