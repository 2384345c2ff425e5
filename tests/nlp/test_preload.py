"""The stages read their tables when the pipeline is built, so forked workers inherit them."""
from whimbrel.events.extract import EventExtractor
from whimbrel.events.frames import load_frames
from whimbrel.events.gate import load_gate
from whimbrel.events.modes import load_mode_tables
from whimbrel.events.roles import load_roles
from whimbrel.places import gazetteer


def test_building_the_pipeline_reads_what_the_first_document_would(coder):
    for cached in (load_frames, load_mode_tables, gazetteer._city_populations):
        assert cached.cache_info().currsize == 1, cached.__name__
    lexicon = coder.nlp.get_pipe("whimbrel_events").lexicon
    EventExtractor(coder.nlp, "events", lexicon=lexicon, gate=True, roles=True)
    for cached in (load_gate, load_roles):
        assert cached.cache_info().currsize == 1, cached.__name__
