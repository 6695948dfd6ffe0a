"""The shipped instruments' texts, listed for the translation catalogues.

``makemessages`` reads Python and templates, not the JSON files under ``data/instruments``,
yet every title, description, category and factor label, question, option and scale anchor
there is shown through ``gettext`` (``instruments.translated``). Each is listed here with
``gettext_noop`` so that it is extracted and translated. :func:`unlisted` names the texts of
the files missing from this list: after changing an instrument, add its new texts here.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

TEXTS: tuple[str, ...] = (
    gettext_noop("Collaboration factors inventory"),
    gettext_noop(
        "Forty statements about what helps a partnership work, two for each of twenty factors in six categories. Rate how much you agree, for the partnership as it is today. Wordings are Accord's own, after the structure of the Wilder Collaboration Factors Inventory (2nd edition)."
    ),
    gettext_noop("Environment"),
    gettext_noop("Membership"),
    gettext_noop("Process and structure"),
    gettext_noop("Communication"),
    gettext_noop("Purpose"),
    gettext_noop("Resources"),
    gettext_noop("History of working together in the community"),
    gettext_noop("The partnership is seen as a legitimate leader"),
    gettext_noop("Favourable political and social climate"),
    gettext_noop("Mutual respect, understanding and trust"),
    gettext_noop("The right mix of members"),
    gettext_noop("Members see partnership as in their interest"),
    gettext_noop("Ability to compromise"),
    gettext_noop("Members share a stake in both process and outcome"),
    gettext_noop("Several layers of participation"),
    gettext_noop("Flexibility"),
    gettext_noop("Clear roles and policies"),
    gettext_noop("Adaptability"),
    gettext_noop("A pace of development the partnership can manage"),
    gettext_noop("Open and frequent communication"),
    gettext_noop("Informal relationships and links"),
    gettext_noop("Concrete, attainable goals"),
    gettext_noop("Shared vision"),
    gettext_noop("Unique purpose"),
    gettext_noop("Enough funds, staff, materials and time"),
    gettext_noop("Skilled leadership"),
    gettext_noop("Organizations in our area have a record of solving problems together."),
    gettext_noop(
        "People here are used to joint work across organizations, and expect it to go well."
    ),
    gettext_noop("Others in the community see this partnership as a credible actor on its issues."),
    gettext_noop(
        "Leaders outside the partnership treat its members as competent to reach its goals."
    ),
    gettext_noop(
        "Political leaders and those who hold resources back what the partnership is trying to do."
    ),
    gettext_noop("The time is right for this partnership's work."),
    gettext_noop(
        "Members understand how each other's organizations work, what limits them and what they expect."
    ),
    gettext_noop("I trust the people who take part for the other member organizations."),
    gettext_noop("Everyone who has a stake in what the partnership does is represented in it."),
    gettext_noop("No group the work affects is missing from the table."),
    gettext_noop("My organization gains more from taking part than it gives up."),
    gettext_noop("Taking part helps my organization reach its own aims."),
    gettext_noop("Members are willing to give ground when they disagree."),
    gettext_noop(
        "When a decision cannot satisfy everyone, members still find one they can accept."
    ),
    gettext_noop("Members feel that how the partnership works is theirs to shape."),
    gettext_noop(
        "Members care about what the partnership achieves, not only about their own part."
    ),
    gettext_noop(
        "People at every level of my organization, not only its leaders, take part in the work."
    ),
    gettext_noop(
        "Staff who do the daily work of members are involved, not only those who attend meetings."
    ),
    gettext_noop(
        "The partnership is open to different ways of organizing itself and getting work done."
    ),
    gettext_noop("When something does not work, the partnership tries another way."),
    gettext_noop("Members know what is expected of them and of the others."),
    gettext_noop("The partnership's rules on rights and responsibilities are clear to all."),
    gettext_noop("The partnership could carry on if an important member or funder left."),
    gettext_noop("The partnership adjusts its plans when conditions around it change."),
    gettext_noop("The partnership is not trying to do more than its members can handle."),
    gettext_noop("Its structure and activities grow at a pace that suits its resources."),
    gettext_noop("Members talk with each other often and share news that matters to the work."),
    gettext_noop("Problems are raised openly rather than kept quiet."),
    gettext_noop(
        "Besides formal meetings, people from member organizations keep in touch informally."
    ),
    gettext_noop("I know whom to call in the other member organizations when something comes up."),
    gettext_noop("The partnership's goals are clear to everyone who takes part."),
    gettext_noop("The goals can realistically be reached with what the partnership has."),
    gettext_noop("Members agree on what the partnership is for."),
    gettext_noop("Members agree on the strategy to get there."),
    gettext_noop("The partnership does something that none of its members could do alone."),
    gettext_noop("Its purpose is different from the mission of any single member."),
    gettext_noop("The partnership has the money it needs for its work."),
    gettext_noop("Members give enough staff time to the partnership's work."),
    gettext_noop("Those who lead the partnership bring people together well."),
    gettext_noop("The partnership's leaders are seen as fair by all members."),
    gettext_noop("What one change would most help the partnership work better?"),
    gettext_noop("Expectation alignment"),
    gettext_noop(
        "Eight questions on what your organization expects the partnership to return, on a scale from financial returns (1) to societal returns (7). The answers show where members agree and where they pull apart. Answer for your organization."
    ),
    gettext_noop("What should the partnership's work bring your organization first?"),
    gettext_noop("Income or savings for my organization"),
    gettext_noop("Better lives in the community"),
    gettext_noop("How should the partnership judge its own success?"),
    gettext_noop("By money raised, earned or saved"),
    gettext_noop("By changes for people and nature"),
    gettext_noop("When a choice must be made, which matters more?"),
    gettext_noop("Keeping the partnership's finances sound"),
    gettext_noop("Reaching the people who need it most"),
    gettext_noop("What should members report on most of all?"),
    gettext_noop("Spending and financial returns"),
    gettext_noop("Social and environmental results"),
    gettext_noop("Over what time should the partnership show its returns?"),
    gettext_noop("Within a year or two, in money"),
    gettext_noop("Over many years, in the community"),
    gettext_noop("Who should benefit first from what the partnership produces?"),
    gettext_noop("The organizations that invested"),
    gettext_noop("Those who have least"),
    gettext_noop("What risk should the partnership accept?"),
    gettext_noop("Only what protects the investment"),
    gettext_noop("Financial risk for a larger social gain"),
    gettext_noop("What would make your organization leave the partnership?"),
    gettext_noop("Losing money on it"),
    gettext_noop("Seeing no change in the community"),
    gettext_noop(
        "In your own words: what return does your organization expect from the partnership?"
    ),
    gettext_noop("GAO practices self-assessment"),
    gettext_noop(
        "Each member's representative rates how well the partnership follows the eight practices of GAO-06-15 and the eight leading practices of GAO-23-105520, from 1 (not at all) to 5 (fully), with a comment where it helps. The ratings appear next to the scores computed from the partnership's own records."
    ),
    gettext_noop("GAO-06-15: practices that enhance and sustain collaboration"),
    gettext_noop("GAO-23-105520: leading collaboration practices"),
    gettext_noop(
        "How well has the partnership stated a common outcome that all members work towards?"
    ),
    gettext_noop("Define and articulate a common outcome"),
    gettext_noop("Not at all"),
    gettext_noop("Fully"),
    gettext_noop("How well do members' strategies support each other or form joint strategies?"),
    gettext_noop("Establish mutually reinforcing or joint strategies"),
    gettext_noop(
        "How well does the partnership find what is needed and meet it by pooling members' resources?"
    ),
    gettext_noop("Identify and address needs by leveraging resources"),
    gettext_noop("How well have members agreed who does what?"),
    gettext_noop("Agree on roles and responsibilities"),
    gettext_noop(
        "How well do members' rules and procedures fit together so that they can work across organizations?"
    ),
    gettext_noop(
        "Establish compatible policies, procedures and other means to operate across organizational boundaries"
    ),
    gettext_noop("How well does the partnership monitor, evaluate and report on its results?"),
    gettext_noop("Develop mechanisms to monitor, evaluate and report on results"),
    gettext_noop(
        "How well do members' own plans and reports hold each organization to account for its part?"
    ),
    gettext_noop(
        "Reinforce each organization's accountability for the joint effort through its plans and reports"
    ),
    gettext_noop(
        "How well are individual people held to account for their part in the joint work?"
    ),
    gettext_noop(
        "Reinforce individual accountability for the joint effort through performance management"
    ),
    gettext_noop(
        "How well has the partnership named the shared challenge and defined short- and long-term outcomes, and does it revisit them?"
    ),
    gettext_noop("Define common outcomes"),
    gettext_noop(
        "How well does the partnership track and communicate progress, and recognize people's contributions to the joint work?"
    ),
    gettext_noop("Ensure accountability"),
    gettext_noop(
        "How well has the partnership built trust and agreed on compatible ways of working and common terms?"
    ),
    gettext_noop("Bridge organizational cultures"),
    gettext_noop(
        "How clearly is leadership assigned, shared where it is shared, and planned to last?"
    ),
    gettext_noop("Identify and sustain leadership"),
    gettext_noop(
        "How clearly are participants' roles set, and is there an agreed way to make decisions?"
    ),
    gettext_noop("Clarify roles and responsibilities"),
    gettext_noop(
        "How well does the partnership include everyone it should, with people able to commit their organization's resources?"
    ),
    gettext_noop("Include relevant participants"),
    gettext_noop(
        "How well is the partnership staffed and funded, and does it share data and information well?"
    ),
    gettext_noop("Leverage resources and information"),
    gettext_noop(
        "How well are the partnership's agreements written down, kept up to date and followed?"
    ),
    gettext_noop("Develop and update written guidance and agreements"),
    gettext_noop("Partner network survey"),
    gettext_noop(
        "Questions about your organization's ties with each other member: how closely you work together, three questions on the value each brings and three on trust. The answers are named: a network needs to know who said what about whom. Wordings are Accord's own, after the structure of the PARTNER tool."
    ),
    gettext_noop("What does your organization bring to the partnership?"),
    gettext_noop("Money"),
    gettext_noop("Goods, space or equipment"),
    gettext_noop("Paid staff"),
    gettext_noop("Volunteers"),
    gettext_noop("Data"),
    gettext_noop("Information and feedback"),
    gettext_noop("Specialist knowledge"),
    gettext_noop("Links to the community"),
    gettext_noop("Financial management"),
    gettext_noop("Facilitation or leadership"),
    gettext_noop("Advocacy"),
    gettext_noop("Technology"),
    gettext_noop("Which of these is your organization's most important contribution?"),
    gettext_noop("For how many years has your organization taken part?"),
    gettext_noop(
        "For each other member: how you work together, what it brings and how far you trust it. The last six questions are only for members you work with."
    ),
    gettext_noop("How closely does your organization work with this member?"),
    gettext_noop("We do not work together"),
    gettext_noop("Cooperative: we share information"),
    gettext_noop("Coordinated: we also plan together and strengthen each other"),
    gettext_noop("Integrated: we work from shared goals and shared resources"),
    gettext_noop("What passes between you?"),
    gettext_noop("Sharing information"),
    gettext_noop("Staff or volunteers"),
    gettext_noop("Joint activities or programmes"),
    gettext_noop("Referring people to each other"),
    gettext_noop("Speaking up together"),
    gettext_noop("How much influence does this member have in the community?"),
    gettext_noop("A great deal"),
    gettext_noop("How committed and active is this member in the partnership?"),
    gettext_noop(
        "How much does this member bring to the partnership (money, knowledge, connections)?"
    ),
    gettext_noop("How reliably does this member do what it says it will do?"),
    gettext_noop("How much does this member share the partnership's mission and goals?"),
    gettext_noop("How open is this member to frank discussion, even in disagreement?"),
    gettext_noop("How successful has the partnership been so far at reaching its goals?"),
    gettext_noop("Completely"),
)


def instrument_texts() -> list[str]:
    """Every text of the shipped instruments that people read, in the files' order."""
    from accord.surveys.instruments import Question, all_instruments

    texts: list[str] = []

    def add(*found: str) -> None:
        texts.extend(text for text in found if text and text not in texts)

    def question(q: Question) -> None:
        add(q.text, q.label, *(option.label for option in q.options), *(q.anchors or ()))
        for column in q.columns:
            question(column)

    for definition in all_instruments():
        add(definition.title, definition.description)
        add(*(category.label for category in definition.categories))
        add(*(factor.label for factor in definition.factors))
        for q in definition.questions:
            question(q)
    return texts


def unlisted() -> list[str]:
    """The instruments' texts that :data:`TEXTS` lacks (none when the list is up to date)."""
    listed = set(TEXTS)
    return [text for text in instrument_texts() if text not in listed]
