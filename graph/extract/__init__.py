"""Entity extraction with evidence from a network's title and description.

:func:`extract` reads the two halves of a report row and returns every fact the text states
(countries, audience, regions, languages, actors, stances toward governments, tactics,
topics), each with its evidence: the exact phrase of the title or description it came from.

How: the gazetteer finds country, demonym, language and region mentions in one pass; each
mention is replaced by a placeholder token (``⟨DL3⟩`` = demonym or language, mention 3) to give
a *skeleton* on which short, general cue patterns run ("targeted a ⟨D⟩ audience", "operated
from ⟨C⟩", "critical of the current ⟨D⟩ government"); matches map back to the original text
for the evidence. Actors are read from capitalised names after cue words ("promote",
"critical of", "images of", "affiliated with"), resolved against a knowledge base of
well-known parties, organisations and media (acronyms included), or found by name.
Nothing here is keyed to a particular report: the cues are ordinary English phrasings.

The package, step by step (each module imports only those above it):

- :mod:`~graph.extract.scanning`: anchored scanning of many patterns over one text;
- :mod:`~graph.extract.tokens`: the placeholder-token patterns cue patterns are written with;
- :mod:`~graph.extract.skeleton`: the skeleton of a text, mapped back to it for evidence;
- :mod:`~graph.extract.prose`: cues that long report prose needs (Meta's network summaries,
  TAG bulletins: "linked to Egypt", "supportive of Saudi Arabia and critical of Qatar", negated
  tactics);
- :mod:`~graph.extract.actor_cues`: how report prose names actors ("employees of RT", brands the
  network ran, the report's own words that are never actors);
- :mod:`~graph.extract.patterns`: the cue tables for places, languages, stances and topics;
- :mod:`~graph.extract.fields`: the field readers that run them on one text;
- :mod:`~graph.extract.tactics`: the taxonomy's tactic cues;
- :mod:`~graph.extract.actor_names`, :mod:`~graph.extract.actor_identity`,
  :mod:`~graph.extract.actor_reader`: actor names, who they name, and the reader of one text;
- :mod:`~graph.extract.reading`: the reading of a row, merging what title and description state.

Speed: the many cue patterns are not run over every character. Each pattern's literal
beginnings (its *anchors*) are read from the pattern once; one Aho-Corasick pass per text
finds where they occur, and each pattern is matched there only
(:class:`~graph.extract.scanning.Scanner`), giving the same matches as ``re.finditer``. What a
title or description states on its own is memoised per text (titles repeat across rows), and
so are name-level steps (who a surface form names, how a run of names splits).
"""

from cio_graph.graph.extract.reading import clear_caches, extract

__all__ = ["clear_caches", "extract"]
