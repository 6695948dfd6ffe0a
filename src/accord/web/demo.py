"""The demo story of shared/docs/DEMO.md, built through the services (so the feed shows it).

``load_demo()`` is idempotent: a second run finds the partnerships and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from accord.partners import services as partner_services
from accord.partners.models import Organization
from accord.partnerships import services
from accord.partnerships.models import Partnership

DEMO_PASSWORD = "accord-demo"  # noqa: S105 - demo only, printed by `make run`
LAKE_SLUG = "lake-kivuli"
RIVERSIDE_SLUG = "riverside-skills"


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    name: str


# (organization, sector, capacity, places, offered, needed, [(name, email, is_rep, title)])
LAKE_ORGANIZATIONS = [
    (
        "Kivuli County Government",
        "public",
        "large",
        "Kivuli County",
        "Convening\nLand-use planning\nExtension services",
        "Fisheries data",
        [
            ("Amina Otieno", "amina@kivuli-county.example", True, "Director of Environment"),
            ("Peter Mwangi", "peter@kivuli-county.example", False, "Partnership officer"),
        ],
    ),
    (
        "National Water Resources Authority",
        "public",
        "large",
        "Kenya",
        "Water permits\nHydrological monitoring",
        "Community liaison",
        [
            ("Joseph Kamau", "joseph@nwra.example", True, "Basin manager"),
            ("Grace Njeri", "grace@nwra.example", False, "Hydrologist"),
        ],
    ),
    (
        "Bluewater Flower Farms Ltd",
        "private",
        "large",
        "Kivuli lakeshore",
        "Finance\nIrrigation engineering",
        "Water-use licence",
        [
            ("Hans de Vries", "hans@bluewater.example", True, "Sustainability manager"),
            ("Lucy Wanjiru", "lucy@bluewater.example", False, "Farm engineer"),
        ],
    ),
    (
        "Kivuli Fisherfolk Cooperative",
        "community",
        "small",
        "Kivuli beaches",
        "Local ecological knowledge\nCatch records",
        "Travel support\nAirtime\nCoaching",
        [("Baraka Ouma", "baraka@fisherfolk.example", True, "Chairperson")],
    ),
    (
        "Maji Women's Group",
        "community",
        "small",
        "Maji village",
        "Tree nursery\nCommunity mobilisation",
        "Irrigation water for the nursery",
        [
            ("Mary Akinyi", "mary@maji-women.example", True, "Chairperson"),
            ("Esther Atieno", "esther@maji-women.example", False, "Nursery lead"),
        ],
    ),
    (
        "Friends of Kivuli",
        "civil_society",
        "medium",
        "Kivuli basin",
        "Wetland restoration\nProject management",
        "Long-term funding",
        [
            ("Daniel Kiprop", "daniel@friendsofkivuli.example", True, "Executive director"),
            ("Faith Chebet", "faith@friendsofkivuli.example", False, "Restoration officer"),
        ],
    ),
    (
        "Kivuli University, Dept. of Aquatic Sciences",
        "academic",
        "medium",
        "Kivuli town",
        "Fish-stock assessment\nWater-quality lab\nStudent researchers",
        "Field access",
        [
            ("Ruth Wambui", "ruth@kivuli-uni.example", True, "Head of department"),
            ("Samuel Odhiambo", "samuel@kivuli-uni.example", False, "Research fellow"),
        ],
    ),
    (
        "Harambee Waters Foundation",
        "philanthropic",
        "large",
        "Nairobi",
        "Grant funding\nMonitoring and evaluation",
        "Credible local partners",
        [
            ("Nadia Haddad", "nadia@harambee.example", True, "Programme director"),
            ("Tom Okello", "tom@harambee.example", False, "Grants officer"),
        ],
    ),
    (
        "Lakeside Youth Network",
        "community",
        "small",
        "Kivuli town",
        "Youth volunteers\nSocial media",
        "Training",
        [("Kevin Mutua", "kevin@lakeside-youth.example", True, "Coordinator")],
    ),
]

COMMUNITY_PARTICIPANTS = [
    ("Otieno Were", "fisher"),
    ("Akoth Adhiambo", "fish trader"),
    ("Wekesa Simiyu", "farmer"),
    ("Njoki Kariuki", "resident"),
    ("Omondi Okoth", "fisher"),
    ("Chebet Rono", "farmer"),
    ("Auma Ochieng", "boat owner"),
    ("Kiptoo Langat", "herder"),
    ("Wairimu Gathoni", "teacher"),
    ("Juma Hassan", "fisher"),
    ("Halima Abdi", "resident"),
    ("Mutiso Nzioka", "student"),
]

RIVERSIDE_ORGANIZATIONS = [
    (
        "Riverside City Education Office",
        "public",
        "medium",
        "Riverside",
        [("Laura Chen", "laura@riverside-city.example", True, "Head of skills")],
    ),
    (
        "Riverside High School",
        "academic",
        "medium",
        "Riverside",
        [("Marcus Bell", "marcus@riverside-high.example", True, "Principal")],
    ),
    (
        "St. Anne's Technical College",
        "academic",
        "small",
        "Riverside",
        [("Priya Nair", "priya@stanne.example", True, "Dean")],
    ),
    (
        "Riverside Manufacturers' Association",
        "private",
        "medium",
        "Riverside",
        [("George Olsen", "george@rma.example", True, "Director")],
    ),
    (
        "United Workers Union Local 12",
        "civil_society",
        "small",
        "Riverside",
        [("Rosa Diaz", "rosa@uwu12.example", True, "Branch secretary")],
    ),
]

LAKE_CHARTER_V1 = {
    "common_outcome": "Restore the fish stocks and the water of Lake Kivuli so that fishers, farmers and towns "
    "can live from the lake for generations, with decisions the whole basin owns.",
    "shared_values": "Equal voice for every member whatever its size.\nDecisions in the open.\n"
    "Science and local knowledge count alike.",
    "joint_strategies": "Seasonal protection of breeding grounds; fair water allocation; restoration of "
    "wetlands; shared monitoring.",
    "roles_and_responsibilities": "The County convenes and coordinates. The Water Authority regulates permits. "
    "The University monitors. Friends of Kivuli implements restoration. Funders fund "
    "through the pooled fund.",
    "policy_conflict_resolution": "Disputes go first to the partners concerned, then to a mediation panel of "
    "three members chosen by the parties.",
    "policy_exit": "Any member may withdraw with 30 days' notice; commitments already made are honoured.",
}


def _user(email: str, name: str) -> object:
    User = get_user_model()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, name=name, password=DEMO_PASSWORD)
    return user


def _organization(
    founder: object,
    name: str,
    sector: str,
    capacity: str,
    places: str,
    offered: str = "",
    needed: str = "",
    country: str = "KE",
) -> Organization:
    return partner_services.organization_create(
        actor=founder,
        name=name,
        sector=sector,
        capacity=capacity,
        places=places,
        country=country,
        expertise_offered=offered,
        expertise_needed=needed,
    )


def _people(org: Organization, people: list[tuple[str, str, bool, str]]) -> list[object]:
    users = []
    for index, (name, email, is_rep, title) in enumerate(people):
        user = _user(email, name)
        if index > 0:
            partner_services.affiliation_add(
                actor=users[0], organization=org, email=email, is_representative=is_rep, title=title
            )
        else:
            org.affiliations.filter(user=user).update(title=title)
        users.append(user)
    return users


def _join(coordinator: object, partnership: Partnership, org: Organization, rep: object) -> None:
    membership = services.membership_invite(
        actor=coordinator, partnership=partnership, organization=org
    )
    services.membership_respond(actor=rep, membership=membership, accept=True)
    services.membership_decide(actor=coordinator, membership=membership, admit=True)


@transaction.atomic
def _load_lake() -> None:
    reps: dict[str, object] = {}
    orgs: dict[str, Organization] = {}
    for name, sector, capacity, places, offered, needed, people in LAKE_ORGANIZATIONS:
        founder = _user(people[0][1], people[0][0])
        orgs[name] = _organization(founder, name, sector, capacity, places, offered, needed)
        reps[name] = _people(orgs[name], people)[0]
    county = "Kivuli County Government"
    coordinator = reps[county]
    lake = services.partnership_create(
        actor=coordinator,
        lead_organization=orgs[county],
        name="Lake Kivuli Basin Co-management Partnership",
        purpose="Fish stocks in Lake Kivuli are falling and its water is fought over. The county, the water "
        "authority, farms, fishers, women's groups, a conservation NGO, the university and a funder "
        "manage the basin together.",
        type="co_management",
        modality="government_initiated",
        places="Lake Kivuli basin, Kivuli County",
        visibility="public",
        allows_individuals=True,
        reporting_currency="KES",
        sdg_targets=["6.5", "14.4", "15.1", "5.5"],
    )
    Partnership.objects.filter(pk=lake.pk).update(slug=LAKE_SLUG)
    lake.slug = LAKE_SLUG
    for name in orgs:
        if name not in (county, "Lakeside Youth Network"):
            _join(coordinator, lake, orgs[name], reps[name])
    services.membership_invite(
        actor=coordinator,
        partnership=lake,
        organization=orgs["Lakeside Youth Network"],
        message="Young people fish and farm here too; we would like your voice at the table.",
    )
    services.partnership_transition(actor=coordinator, partnership=lake, to_status="active")

    v1 = services.charter_draft_save(actor=coordinator, partnership=lake, **LAKE_CHARTER_V1)
    v1 = services.charter_publish(actor=coordinator, version=v1)
    for name, org in orgs.items():
        if name not in ("Bluewater Flower Farms Ltd", "Lakeside Youth Network"):
            services.charter_sign(actor=reps[name], version=v1, organization=org)
    services.charter_draft_save(
        actor=coordinator,
        partnership=lake,
        policy_data_sharing="Monitoring data collected with pooled funds is shared with all members within 30 "
        "days and published openly after 6 months; personal data of fishers is never published.",
        change_summary="Adds a data-sharing policy.",
    )

    _user("olivia@observer.example", "Olivia Mwende (journalist)")
    services.participant_add(
        actor=coordinator, partnership=lake, email="olivia@observer.example", role="observer"
    )
    for name, occupation in COMMUNITY_PARTICIPANTS:
        email = f"{name.split()[0].lower()}@community.example"
        user = _user(email, f"{name} ({occupation})")
        services.participant_join(actor=user, partnership=lake)


@transaction.atomic
def _load_riverside() -> None:
    reps: dict[str, object] = {}
    orgs: dict[str, Organization] = {}
    for name, sector, capacity, places, people in RIVERSIDE_ORGANIZATIONS:
        founder = _user(people[0][1], people[0][0])
        orgs[name] = _organization(founder, name, sector, capacity, places, country="GB")
        reps[name] = _people(orgs[name], people)[0]
    lead = "Riverside City Education Office"
    coordinator = reps[lead]
    riverside = services.partnership_create(
        actor=coordinator,
        lead_organization=orgs[lead],
        name="Riverside Schools–Industry Skills Partnership",
        purpose="Schools, employers and the union run a workplace mentoring programme so that every "
        "school leaver in Riverside has a route into skilled work.",
        type="education_business",
        modality="private_led",
        places="Riverside",
        visibility="members",
        reporting_currency="GBP",
        sdg_targets=["4.4", "8.6"],
    )
    Partnership.objects.filter(pk=riverside.pk).update(slug=RIVERSIDE_SLUG)
    riverside.slug = RIVERSIDE_SLUG
    for name in orgs:
        if name != lead:
            _join(coordinator, riverside, orgs[name], reps[name])
    services.partnership_transition(actor=coordinator, partnership=riverside, to_status="active")
    version = services.charter_draft_save(
        actor=coordinator,
        partnership=riverside,
        common_outcome="Every school leaver in Riverside has a mentor in a local workplace.",
    )
    services.charter_publish(actor=coordinator, version=version)


def _admin() -> None:
    User = get_user_model()
    if not User.objects.filter(email="admin@accord.example").exists():
        User.objects.create_superuser(
            email="admin@accord.example", name="Platform Admin", password=DEMO_PASSWORD
        )


DEMO_LOGINS = [
    DemoLogin(
        "coordinator (Kivuli County Government)", "amina@kivuli-county.example", "Amina Otieno"
    ),
    DemoLogin(
        "representative of a large partner (Harambee Waters Foundation)",
        "nadia@harambee.example",
        "Nadia Haddad",
    ),
    DemoLogin(
        "representative of a small partner (Kivuli Fisherfolk Cooperative)",
        "baraka@fisherfolk.example",
        "Baraka Ouma",
    ),
    DemoLogin("partner staff (Kivuli University)", "samuel@kivuli-uni.example", "Samuel Odhiambo"),
    DemoLogin("community participant", "otieno@community.example", "Otieno Were"),
    DemoLogin("observer", "olivia@observer.example", "Olivia Mwende"),
    DemoLogin(
        "representative with a pending invitation (Lakeside Youth Network)",
        "kevin@lakeside-youth.example",
        "Kevin Mutua",
    ),
    DemoLogin(
        "coordinator of the other partnership (Riverside)",
        "laura@riverside-city.example",
        "Laura Chen",
    ),
    DemoLogin("platform admin", "admin@accord.example", "Platform Admin"),
]


def _rep(email: str) -> object:
    return get_user_model().objects.get(email=email)


@transaction.atomic
def _load_lake_resources() -> None:
    """A year of pledges and flows: a reliable funder with a one-way flow, a late and
    partial flower farm, on-time university hours, a stipend for the fisherfolk."""
    from datetime import date

    from accord.resources import services as resources

    lake = Partnership.objects.get(slug=LAKE_SLUG)
    org = {o.name: o for o in Organization.objects.filter(memberships__partnership=lake)}
    amina = _rep("amina@kivuli-county.example")
    county, nwra = org["Kivuli County Government"], org["National Water Resources Authority"]
    farm, coop = org["Bluewater Flower Farms Ltd"], org["Kivuli Fisherfolk Cooperative"]
    women, ngo = org["Maji Women's Group"], org["Friends of Kivuli"]
    uni, fund = (
        org["Kivuli University, Dept. of Aquatic Sciences"],
        org["Harambee Waters Foundation"],
    )
    y = 2026
    for code, rates in {
        "EUR": [("01-01", "140"), ("07-01", "145")],
        "USD": [("01-01", "129"), ("07-01", "131")],
    }.items():
        for day, rate in rates:
            resources.exchange_rate_add(
                actor=amina,
                partnership=lake,
                currency_code=code,
                valid_on=date.fromisoformat(f"{y}-{day}"),
                to_reporting=rate,
            )

    breeding = resources.activity_create(
        actor=amina,
        partnership=lake,
        title="Breeding-ground protection",
        lead_organization=county,
        description="Seasonal closure of the three breeding bays, with patrols run by fishers.",
        start_on=date(y, 1, 1),
        end_on=date(y, 12, 31),
        status="2",
    )
    wetland = resources.activity_create(
        actor=amina,
        partnership=lake,
        title="Wetland restoration",
        lead_organization=ngo,
        description="Replanting 40 ha of papyrus and riverine forest; seedlings from the women's nursery.",
        start_on=date(y, 2, 1),
        end_on=date(y + 1, 6, 30),
        status="2",
    )
    monitoring = resources.activity_create(
        actor=amina,
        partnership=lake,
        title="Fish-stock and water monitoring",
        lead_organization=uni,
        description="Quarterly catch-per-unit-effort surveys and water-quality sampling with fishers.",
        start_on=date(y, 1, 1),
        end_on=date(y, 12, 31),
        status="2",
    )
    for activity, chain in (
        (breeding, [(fund, "1"), (county, "2"), (coop, "4")]),
        (wetland, [(fund, "1"), (ngo, "2"), (ngo, "3"), (women, "4")]),
        (monitoring, [(uni, "1"), (uni, "2"), (coop, "4")]),
    ):
        for organization, role in chain:
            resources.activity_chain_add(
                actor=amina, activity=activity, organization=organization, role=role
            )
    resources.responsibility_add(
        actor=amina,
        activity=breeding,
        organization=coop,
        raci="R",
        person=_rep("baraka@fisherfolk.example"),
    )
    resources.responsibility_add(
        actor=amina, activity=breeding, organization=county, raci="A", person=amina
    )
    resources.responsibility_add(
        actor=amina,
        activity=wetland,
        organization=women,
        raci="R",
        person=_rep("mary@maji-women.example"),
    )
    resources.responsibility_add(
        actor=amina,
        activity=monitoring,
        organization=uni,
        raci="R",
        person=_rep("samuel@kivuli-uni.example"),
    )
    resources.responsibility_add(actor=amina, activity=monitoring, organization=nwra, raci="C")

    nadia, hans = _rep("nadia@harambee.example"), _rep("hans@bluewater.example")
    ruth, joseph = _rep("ruth@kivuli-uni.example"), _rep("joseph@nwra.example")
    grant = resources.pledge_create(
        actor=nadia,
        partnership=lake,
        organization=fund,
        kind="money",
        description="Wetland restoration grant",
        currency_code="EUR",
        amount="60000",
        starts_on=date(y, 1, 1),
        ends_on=date(y, 12, 31),
        activity=wetland,
        recipient=ngo,
        installments=[(date(y, m, d), "15000") for m, d in ((3, 31), (6, 30), (9, 30), (12, 31))],
    )
    for m, d in ((3, 25), (6, 28), (9, 26)):
        resources.ledger_entry_post(
            actor=nadia,
            partnership=lake,
            type="3",
            value="15000",
            currency_code="EUR",
            value_date=date(y, m, d),
            provider=fund,
            receiver=ngo,
            activity=wetland,
            pledge=grant,
            note="Quarterly tranche, bank transfer",
        )
    farm_pledge = resources.pledge_create(
        actor=hans,
        partnership=lake,
        organization=farm,
        kind="money",
        description="Contribution to the basin fund",
        currency_code="KES",
        amount="4000000",
        starts_on=date(y, 1, 1),
        ends_on=date(y, 8, 31),
        recipient=county,
        installments=[(date(y, 4, 30), "2000000"), (date(y, 8, 31), "2000000")],
    )
    wrong = resources.ledger_entry_post(
        actor=hans,
        partnership=lake,
        type="3",
        value="160000",
        currency_code="KES",
        value_date=date(y, 7, 15),
        provider=farm,
        receiver=county,
        pledge=farm_pledge,
        note="Transfer to the basin fund",
    )
    resources.ledger_entry_reverse(
        actor=hans, entry=wrong, reason="Typed 160,000 instead of 1,600,000"
    )
    resources.ledger_entry_post(
        actor=hans,
        partnership=lake,
        type="3",
        value="1600000",
        currency_code="KES",
        value_date=date(y, 7, 15),
        provider=farm,
        receiver=county,
        pledge=farm_pledge,
        note="Transfer to the basin fund (corrected)",
    )
    hours = resources.pledge_create(
        actor=ruth,
        partnership=lake,
        organization=uni,
        kind="people",
        description="Research staff for monitoring",
        currency_code="KES",
        hours="800",
        hourly_rate="2500",
        role="Research fellows",
        skills="Fish-stock assessment",
        starts_on=date(y, 1, 1),
        ends_on=date(y, 12, 31),
        activity=monitoring,
        recipient=coop,
        installments=[(date(y, m, d), "500000") for m, d in ((3, 31), (6, 30), (9, 30), (12, 31))],
    )
    for m, d in ((3, 30), (6, 29), (9, 29)):
        resources.ledger_entry_post(
            actor=ruth,
            partnership=lake,
            type="ik",
            value="500000",
            currency_code="KES",
            value_date=date(y, m, d),
            provider=uni,
            receiver=coop,
            activity=monitoring,
            pledge=hours,
            note="200 staff hours: survey and training of fishers",
        )
    data = resources.pledge_create(
        actor=joseph,
        partnership=lake,
        organization=nwra,
        kind="knowledge",
        description="Hydrological data for the basin",
        currency_code="KES",
        amount="500000",
        starts_on=date(y, 1, 1),
        ends_on=date(y, 6, 30),
        recipient=county,
    )
    resources.ledger_entry_post(
        actor=joseph,
        partnership=lake,
        type="ik",
        value="500000",
        currency_code="KES",
        value_date=date(y, 6, 20),
        provider=nwra,
        receiver=county,
        pledge=data,
        note="Ten years of gauge data, shared under the data policy",
    )
    resources.ledger_entry_post(
        actor=amina,
        partnership=lake,
        type="ik",
        value="150000",
        currency_code="KES",
        value_date=date(y, 5, 10),
        provider=county,
        receiver=nwra,
        note="Land-use maps for permit reviews",
    )
    public = resources.pledge_create(
        actor=amina,
        partnership=lake,
        organization=county,
        kind="money",
        description="County co-funding",
        currency_code="USD",
        amount="20000",
        starts_on=date(y, 1, 1),
        ends_on=date(y, 10, 31),
        activity=breeding,
        installments=[(date(y, 4, 30), "10000"), (date(y, 10, 31), "10000")],
    )
    for m, d, receiver in ((4, 20, coop), (10, 15, women)):
        resources.ledger_entry_post(
            actor=amina,
            partnership=lake,
            type="3",
            value="10000",
            currency_code="USD",
            value_date=date(y, m, d),
            provider=county,
            receiver=receiver,
            pledge=public,
            activity=breeding if receiver == coop else wetland,
            note="Patrol allowances" if receiver == coop else "Nursery water tanks",
        )
    support = resources.support_request_create(
        actor=_rep("baraka@fisherfolk.example"),
        partnership=lake,
        organization=coop,
        kind="travel",
        description="Bus fares and airtime so two members can attend every partnership meeting",
        amount="60000",
        currency_code="KES",
    )
    resources.support_request_decide(actor=amina, request=support, approve=True)
    resources.support_request_deliver(
        actor=amina, request=support, provider=county, value_date=date(y, 3, 5)
    )
    resources.support_request_create(
        actor=_rep("mary@maji-women.example"),
        partnership=lake,
        organization=women,
        kind="coaching",
        description="Book-keeping coaching for the nursery",
        amount="40000",
        currency_code="KES",
    )


@transaction.atomic
def _load_lake_decisions() -> None:
    """Three candidate rules, and the breeding-grounds closure that a simple majority
    would pass but the concurrent majority rejects because the community sector says no."""
    from datetime import timedelta

    from django.utils import timezone

    from accord.decisions import services as decisions

    lake = Partnership.objects.get(slug=LAKE_SLUG)
    amina = _rep("amina@kivuli-county.example")
    org = {
        o.name: o
        for o in Organization.objects.filter(
            memberships__partnership=lake, memberships__status="admitted"
        )
    }
    decisions.rule_create(
        actor=amina, partnership=lake, name="Simple majority", preset="simple_majority"
    )
    weights = {
        org["Harambee Waters Foundation"].pk: 50,
        org["Bluewater Flower Farms Ltd"].pk: 15,
        org["Kivuli County Government"].pk: 12,
        org["National Water Resources Authority"].pk: 8,
        org["Kivuli University, Dept. of Aquatic Sciences"].pk: 7,
        org["Friends of Kivuli"].pk: 5,
        org["Maji Women's Group"].pk: 2,
        org["Kivuli Fisherfolk Cooperative"].pk: 1,
    }
    decisions.rule_create(
        actor=amina,
        partnership=lake,
        name="Weighted by contribution",
        spec={"method": {"rule": "weighted_majority"}},
        weights_mode="custom",
        weights=weights,
    )
    concurrent = decisions.rule_create(
        actor=amina,
        partnership=lake,
        name="Concurrent majority by sector",
        preset="concurrent_majority_by_sector",
    )
    decisions.rule_create(
        actor=amina,
        partnership=lake,
        name="Weighted by resources delivered",
        spec={"method": {"rule": "weighted_majority"}},
        weights_mode="delivered",
    )
    decisions.rule_create(
        actor=amina,
        partnership=lake,
        name="Two chambers: organizations and people",
        preset="simple_majority",
        voters="chambers",
    )
    decisions.rule_assign(actor=amina, partnership=lake, kind="general", rule=concurrent)
    proposal = decisions.proposal_create(
        actor=amina,
        partnership=lake,
        title="Close the breeding grounds for three months",
        body="Close the three breeding bays to all nets from March to May, with patrols run by fishers.",
    )
    decisions.proposal_advance(actor=amina, proposal=proposal)
    comments = [
        (
            "ruth@kivuli-uni.example",
            "support",
            "Our surveys show catch per unit effort down 30 % in five years.",
        ),
        (
            "baraka@fisherfolk.example",
            "objection",
            "Three months without income: fishers cannot feed their families without a compensation plan.",
        ),
        (
            "mary@maji-women.example",
            "concern",
            "Women traders lose their market too; who speaks for them?",
        ),
    ]
    for email, stance, body in comments:
        decisions.comment_add(actor=_rep(email), proposal=proposal, body=body, stance=stance)
    decisions.proposal_advance(
        actor=amina, proposal=proposal, closes_at=timezone.now() + timedelta(days=7)
    )
    for member in org.values():
        rep = member.affiliations.filter(is_representative=True).order_by("pk").first().user
        choice = "no" if member.sector == "community" else "yes"
        decisions.ballot_cast(actor=rep, proposal=proposal, choice=choice, organization=member)
    decisions.proposal_close(
        actor=amina,
        proposal=proposal,
        rationale="The fishers' and women's groups are not on board; we will come back with a compensation plan.",
    )
    # With a rule in force, amending the charter is a decision: v2 is put to the vote.
    from accord.decisions import subjects
    from accord.partnerships.selectors import charter_draft

    subjects.charter_publication_propose(
        actor=amina,
        version=charter_draft(partnership=lake),
        body="Version 2 adds the data-sharing policy the university and the authority asked for.",
    )


def load_demo() -> bool:
    """Load the demo if it is not there yet. Returns True when something was created."""
    created = False
    _admin()
    if not Partnership.objects.filter(slug=LAKE_SLUG).exists():
        _load_lake()
        created = True
    if not Partnership.objects.filter(slug=RIVERSIDE_SLUG).exists():
        _load_riverside()
        created = True
    from accord.resources.models import Pledge

    if not Pledge.objects.filter(partnership__slug=LAKE_SLUG).exists():
        _load_lake_resources()
        created = True
    from accord.decisions.models import DecisionRule

    if not DecisionRule.objects.filter(partnership__slug=LAKE_SLUG).exists():
        _load_lake_decisions()
        created = True
    return created
