# ruff: noqa: E501 -- each comment is one line, as a reader would type it.
"""Demo discussions, written here for the invented town of Kestrel Bay.

`THREADS` maps an article's slug to its threads. A comment is a `C(author, text, up, down,
replies, status)`; `status` is "approved" unless it says "pending" (held for moderation) or
"deleted" (withdrawn by its author; it stays as a placeholder because others replied).
`featured=True` marks a comment the moderators featured, `pinned=True` the thread they
pinned to the top of its article's discussion.

`busy_thread_pieces` are the parts from which `comments.demo` composes the long discussion
(300+ comments) under the Route 7 article: every comment there is an opener, a middle and a
closer from these lists, so the text is varied but still our own.
"""

from typing import NamedTuple


class C(NamedTuple):
    author: str
    text: str
    up: int = 0
    down: int = 0
    replies: tuple = ()
    status: str = "approved"
    featured: bool = False
    pinned: bool = False


THREADS = {
    "ashcombe-clean-up-record-volunteers": (
        C(
            "Rosa Pengelly",
            "We did the stretch below the weir with the scouts. Forty bags in two hours, and the kids found a shopping trolley that must have been there since before they were born. Thank you to whoever brought the urn of tea.",
            14,
            0,
            (
                C(
                    "Tom Ashworth",
                    "That was the allotment society's urn! We'll bring it again next year.",
                    6,
                    0,
                    (
                        C(
                            "Rosa Pengelly",
                            "Then we'll bring the biscuits. Deal.",
                            4,
                            0,
                        ),
                    ),
                ),
            ),
            featured=True,
        ),
        C(
            "harbourwatcher",
            "Great turnout, but the same culvert fills up again every winter. Clearing it once a year treats the symptom. Where is the grille the council promised in 2023?",
            11,
            2,
            (
                C(
                    "Gwen Evans",
                    "I asked at the ward surgery in March. The answer was that it is 'in the programme'. Which programme, nobody could say.",
                    7,
                    0,
                    featured=True,
                ),
            ),
            pinned=True,
        ),
        C(
            "Marek Sobczak",
            "First time volunteering and I'm hooked. Is there a mailing list for the next one?",
            3,
            0,
            status="pending",
        ),
    ),
    "route-7-evening-buses-cut": (),  # composed in comments.demo from busy_thread_pieces
    "millbrook-library-repair-cafe": (
        C(
            "Hattie Mwangi",
            "They fixed my grandmother's radio in twenty minutes. It had not worked since 2009. She cried a little, then made them all a cake the following month.",
            19,
            0,
            (
                C(
                    "Priya N.",
                    "This is the best thing I have read all week.",
                    8,
                    0,
                ),
            ),
        ),
        C(
            "Dave from Northfield",
            "Could they do a session on bikes? Half the estate has a bike in the shed with a flat tyre and a slipped chain.",
            9,
            0,
            (
                C(
                    "Ruth Penrose",
                    "I volunteer there on Saturdays. We'd love to, we just need someone who knows gears better than I do. Come along and ask for Bryn.",
                    12,
                    0,
                    featured=True,
                ),
            ),
        ),
    ),
    "tree-cover-heat-map": (
        C(
            "Lena Marsh",
            "Our street is one of the red ones. Bedrooms hit 31 degrees in July. Nobody needed a map to tell us, but it helps to have one to wave at the council.",
            16,
            1,
            (
                C(
                    "J. Hartley",
                    "Does the map account for building height? Tall terraces shade the street whatever the trees do.",
                    5,
                    1,
                    (
                        C(
                            "Lena Marsh",
                            "The article says they used surface temperature from the satellite pass, so shade from buildings is in there too. The trees still explain most of the difference.",
                            6,
                            0,
                        ),
                    ),
                ),
            ),
        ),
        C(
            "kestrel_kid",
            "Trees take twenty years to grow. Shade sails over bus stops would take a month.",
            8,
            3,
        ),
    ),
    "harbour-fm-twenty-years": (
        C(
            "Old Quay Resident",
            "I still have a cassette of the first Sunday folk show, recorded off the radio with the DJ talking over the end of every song. Happy birthday, Harbour FM.",
            10,
            0,
        ),
        C(
            "Sam Y.",
            "That mixing desk deserves a museum and a pension.",
            13,
            0,
            (
                C(
                    "Dai Morgan",
                    "Speaking as the person who re-solders it every February: it deserves a pension more than I do.",
                    21,
                    0,
                ),
            ),
        ),
    ),
    "old-quay-night-market-first-weekend": (
        C(
            "Priya N.",
            "Lovely evening, but the queue for the dumpling stall was forty minutes. Monthly, yes please, and twice as many stalls.",
            12,
            1,
        ),
        C(
            "Quayside Flat 4",
            "Spare a thought for those of us who live above it. The music was still going at half eleven.",
            7,
            4,
            (
                C(
                    "Tom Ashworth",
                    "Fair point. The licence says ten, so that should be taken up with the organisers.",
                    5,
                    0,
                ),
                C(
                    "Quayside Flat 4",
                    "I have. They were apologetic and said the last band overran. We'll see next time.",
                    6,
                    0,
                ),
            ),
        ),
        C(
            "Cheap Watches Direct",
            "Great market!! Visit our shop for the best deals www.example.com/deals www.example.com/sale",
            0,
            0,
            status="pending",
        ),
    ),
    "seagrass-survey-gull-point": (
        C(
            "M. Okonkwo",
            "A fifth in five years is remarkable. Is it the mooring change, or just a few good summers? The piece does not quite say.",
            9,
            0,
            (
                C(
                    "Gwen Evans",
                    "The divers said both, but the eco-moorings are the part we control, so that is where they want the money to go.",
                    7,
                    0,
                    (
                        C(
                            "M. Okonkwo",
                            "That makes sense. Thanks.",
                            2,
                            0,
                            (
                                C(
                                    "J. Hartley",
                                    "There's a public talk on the survey at the sailing club next month, if anyone wants the detail.",
                                    4,
                                    0,
                                    (
                                        C(
                                            "M. Okonkwo",
                                            "I'll be there.",
                                            1,
                                            0,
                                        ),
                                    ),
                                ),
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    "council-savings-plan-explained": (
        C(
            "Ruth Penrose",
            "Thank you for actually printing the table. Every other report I have seen just said 'cuts' without saying to what.",
            22,
            0,
        ),
        C(
            "Anon Ratepayer",
            "Line 14 is the one nobody is talking about: the library opening hours. Two hours a day across four branches adds up to a lot of closed doors.",
            15,
            2,
            (
                C(
                    "Hattie Mwangi",
                    "This comment was removed by its author.",
                    0,
                    0,
                    status="deleted",
                ),
                C(
                    "Dave from Northfield",
                    "And the Northfield branch is the one with the homework club. Of course it is.",
                    9,
                    0,
                ),
            ),
        ),
    ),
    "school-streets-six-weeks": (
        C(
            "Parent at St Aidan's",
            "My eight-year-old walks on her own now. Six weeks ago I would not have let her cross that road at quarter to nine.",
            18,
            1,
        ),
        C(
            "kestrel_kid",
            "Meanwhile the traffic just moved to the next street. I'd like to see the counts for Mill Lane.",
            6,
            5,
            (
                C(
                    "Sam Y.",
                    "The article has them, fourth paragraph: up by about a tenth, not the flood people feared.",
                    8,
                    0,
                ),
            ),
        ),
    ),
    "student-river-sensors-flood-warnings": (
        C(
            "Rosa Pengelly",
            "Forty pounds of parts doing a job the agency quoted thousands for. Somebody give those students a grant.",
            17,
            0,
        ),
    ),
    "swift-bricks-coopers-row": (
        C(
            "Lena Marsh",
            "We counted swifts from our back step for three evenings for the survey. Delighted it made a difference.",
            11,
            0,
        ),
    ),
    "regent-cinema-projector-appeal": (
        C(
            "Old Quay Resident",
            "First film on the new projector should be the one they opened with in 1936, whatever it was.",
            5,
            0,
        ),
    ),
}


# --- The busy thread ------------------------------------------------------------------------

BUSY_ARTICLE = "route-7-evening-buses-cut"
BUSY_COMMENTS = 320

BUSY_AUTHORS = (
    "Amira S.",
    "Northfield Nurse",
    "Gareth from Harbour St",
    "Bus user since 1998",
    "Jo Treloar",
    "Kieran B.",
    "Carer on lates",
    "Sofia Lindqvist",
    "Pat O'Riordan",
    "Mo Rahman",
    "Yvonne Clegg",
    "Ward 6 porter",
    "Ben Achterberg",
    "Linh Tran",
    "Retired driver",
    "Fatima Z.",
)

BUSY_OPENERS = (
    "I work the late shift at the hospital.",
    "I used to drive the 7 in the nineties.",
    "Our daughter starts at the college in September.",
    "I don't drive and never have.",
    "I went to the public meeting on Thursday.",
    "I counted the passengers on the 9.22 last week.",
    "My mum lives at the top of Northfield Rise.",
    "I've ridden this route most evenings for ten years.",
    "I run the chip shop on the parade.",
    "Speaking as somebody who drives everywhere,",
    "I read the operator's statement twice.",
    "We moved to Northfield for the cheaper rent.",
)

BUSY_MIDDLES = (
    "The last bus at 6.52 is no use to anyone finishing at eight.",
    "A taxi every night would cost more than my gas bill.",
    "Route 12 stops a long walk away up a hill with half a pavement.",
    "Eleven passengers a journey is not nothing; that is a full minibus.",
    "Cutting the evening service cuts the daytime passengers too, because people need a way back.",
    "The survey at the hospital stop says most riders are going to work.",
    "The subsidy works out at about the cost of one roundabout resurfacing.",
    "A smaller bus on the late runs would cost far less to run.",
    "Demand-responsive minibuses work in other towns our size.",
    "Nobody from the operator has asked the people who actually ride it.",
    "The estate already has the worst access to the doctor's and the big shops.",
    "Car-sharing sounds fine until your shift changes at a day's notice.",
)

BUSY_CLOSERS = (
    "Please bring it back.",
    "I'll be writing to my councillor tonight.",
    "Is anyone organising a petition?",
    "Put the funding bid on the agenda before summer.",
    "The hospital should chip in; it's their staff.",
    "This needs fixing before winter, not after.",
    "Thanks for reporting it properly.",
    "I'd happily pay a bit more per ticket to keep it.",
    "Count me in for the next meeting.",
    "We'll see what the council says in July.",
)

BUSY_REPLIES = (
    "Exactly this.",
    "Same here, word for word.",
    "I'm not sure the numbers support that, but I take the point.",
    "The petition is at the community centre desk, by the way.",
    "Have you tried the car-share list? It's patchy but better than nothing.",
    "Agreed. Nobody asked us.",
    "That's a fair challenge, and the operator should answer it.",
    "Signed it this morning.",
    "My neighbour said the same at the meeting.",
    "Would a volunteer minibus be insured for this? Genuine question.",
    "It is on the agenda for the transport committee on the 14th.",
    "Thank you for saying it more politely than I would have.",
)
