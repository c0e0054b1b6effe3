"""The cio-graph vocabulary as a closed rdflib namespace.

The same terms, with labels and comments, are published as Turtle in
``graph/data/vocabulary.ttl``; a test keeps the two in step.
"""

from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace

from cio_graph.graph.prefixes import DATA_IRI, VOCAB_IRI

__all__ = ["ID", "CIO"]

ID = Namespace(DATA_IRI)


class CIO(DefinedNamespace):
    """Classes and properties of covert-influence-operation disclosures."""

    _fail = True
    _NS = Namespace(VOCAB_IRI)

    # Classes
    Report: URIRef  # one month of one platform's disclosure
    Network: URIRef  # one disrupted covert influence network
    Platform: URIRef
    Country: URIRef
    Region: URIRef
    Language: URIRef
    Actor: URIRef
    Person: URIRef
    Party: URIRef
    Organization: URIRef
    MediaOutlet: URIRef
    Tactic: URIRef
    Topic: URIRef
    GovernmentStance: URIRef
    SourceFile: URIRef
    DisarmTechnique: URIRef
    DisarmTactic: URIRef
    DisarmPhase: URIRef
    TacticSet: URIRef  # the tactics some networks use, exactly

    # Network links
    inReport: URIRef
    originCountry: URIRef
    targetCountry: URIRef
    targetRegion: URIRef
    globalAudience: URIRef
    language: URIRef
    promotes: URIRef
    criticizes: URIRef
    affiliatedWith: URIRef
    depicts: URIRef
    mentions: URIRef
    governmentStance: URIRef
    usesTactic: URIRef
    tacticSet: URIRef
    topic: URIRef

    # Network and report figures
    accounts: URIRef
    followers: URIRef
    period: URIRef
    startDate: URIRef
    endDate: URIRef
    detectionSource: URIRef
    reestablishingAccountsRemoved: URIRef
    platform: URIRef
    rowNumber: URIRef

    # Government stances
    country: URIRef
    stance: URIRef

    # Tactic sets and tactics: how many networks
    networkCount: URIRef

    # Evidence on reified statements
    evidence: URIRef

    # Codes and links to reference data
    alpha2: URIRef
    alpha3: URIRef
    iso639_1: URIRef
    iso639_3: URIRef
    sha256: URIRef
    electionIn: URIRef
    disarmTechnique: URIRef
    disarmTactic: URIRef
    disarmPhase: URIRef

    # Cross-platform disclosures: operations, indicators, assets, ad spend, links
    Operation: URIRef
    Indicator: URIRef
    NetworkLink: URIRef
    AssetCount: URIRef
    FollowerCount: URIRef
    AdSpend: URIRef
    partOfOperation: URIRef
    indicator: URIRef
    onPlatform: URIRef
    alsoOnPlatform: URIRef
    consistentWith: URIRef
    leadsFrom: URIRef
    assetCount: URIRef
    followerCount: URIRef
    adSpend: URIRef
    relatedNetwork: URIRef
    linkedNetwork: URIRef
    granularity: URIRef
    month: URIRef
    attribution: URIRef
    assetKind: URIRef
    count: URIRef
    amount: URIRef
    currency: URIRef
    approximate: URIRef
    paidIn: URIRef
    indicatorType: URIRef
    indicatorValue: URIRef
    handle: URIRef
    linkKind: URIRef
    linkBasis: URIRef
    score: URIRef
