"""Demo users: fictitious names or role titles only, never people from the seeds."""

DEMO_PASSWORD = "demo"

# username, first name, last name (role title), is_superuser
DEMO_USERS = [
    ("demo-owner", "Projektägare", "(demo)", False),
    ("demo-manager", "Projektledare", "(demo)", False),
    ("demo-steering", "Styrgruppens ordförande", "(demo)", False),
    ("demo-secretary", "Nämndsekreterare", "(demo)", False),
    ("demo-auditor", "Revisor", "(demo)", False),
    ("demo-outsider", "Utan roll", "(demo)", False),
    ("demo-admin", "Administratör", "(demo)", True),
    ("demo-chair", "Nämndens ordförande", "(demo)", False),
    ("demo-estrateg", "E-strateg", "(demo)", False),
    ("demo-registrar", "Diarieförare", "(demo)", False),
    ("sg-it-chef", "IT-chef", "Region Jämtland Härjedalen", False),
    ("sg-social-samordnare", "Social samordnare", "länets kommuner", False),
    ("sg-omradeschef-berg", "Områdeschef", "Bergs kommun", False),
    ("sg-jurist", "Jurist", "region eller kommun", False),
]

# LINK2 directive, section 9 (by role): who carries which responsibility.
LINK2_STEERING_GROUP = [
    ("demo-steering", "chair", "Planeringschef, Region Jämtland Härjedalen: förankring mot "
                               "verksamheterna inom regionen"),
    ("sg-it-chef", "member", "IT-chef, Region Jämtland Härjedalen: förankring mot IT"),
    ("sg-social-samordnare", "member", "Social samordnare för länets kommuner: förankring mot "
                                       "kommunerna"),
    ("sg-omradeschef-berg", "member", "Områdeschef, Bergs kommun: förankring mot kommunerna"),
    ("sg-jurist", "member", "Jurist från regionen eller kommun"),
]
