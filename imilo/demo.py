from dataclasses import dataclass, field

# The one password of every demo account, printed by `donnees_demo`.
MOT_DE_PASSE_DEMO = "Demo-imilo-2026"


@dataclass
class Demo:
    """What the apps' demo steps share: the objects created so far and the summary lines."""

    objets: dict = field(default_factory=dict)
    resume: list[str] = field(default_factory=list)
