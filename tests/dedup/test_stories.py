"""Story clustering: two happenings of one kind stay apart; incremental ids stay stable."""
from whimbrel.dedup.stories import StoryDoc, cluster_stories, names_and_numbers

QUAKE_2010 = "A magnitude 8.8 earthquake struck Chile in 2010, killing hundreds near Concepcion."
QUAKE_2010B = "Chile counted the dead of the 2010 earthquake near Concepcion, magnitude 8.8."
QUAKE_2014 = "A magnitude 8.2 earthquake struck Iquique in northern Chile in 2014, killing six."
QUAKE_2014B = "Iquique residents fled after the 2014 earthquake of magnitude 8.2 in Chile."
OSCARS = "Hugh Jackman will host the Academy Awards ceremony in Hollywood."


def test_stories_split_two_quakes_of_one_topic():
    labels = cluster_stories([StoryDoc(str(i), t) for i, t in
                              enumerate([QUAKE_2010, QUAKE_2014, QUAKE_2010B, QUAKE_2014B, OSCARS])])
    assert labels[0] == labels[2] and labels[1] == labels[3]
    assert len({labels[0], labels[1], labels[4]}) == 3


def test_stories_names_view_skips_sentence_openers():
    assert names_and_numbers("Talks in Istanbul. Peskov spoke of 6.1 points.") == "istanbul 6.1"
