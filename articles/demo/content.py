# ruff: noqa: E501 -- each Markdown paragraph is one line, so bodies read naturally in the admin.
"""Demo content for a local newsroom: sections, tags, contributors and fourteen articles.

Plain data, read by `articles.demo.load_demo_content`. Everything here is invented: the town of
Kestrel Bay, the Ashcombe river, the people and their quotes, the figures, the video ids.

Each article's `published` is an offset from the moment the demo is loaded: `ago(...)` for the
past, `ahead(...)` for a scheduled article, `None` for a draft. `image` names the lead image's
motif (see `articles.demo.images.HINTS`); `lead_image_alt` describes what that motif draws.
"""

from datetime import timedelta


def ago(*, days=0, hours=0):
    return -timedelta(days=days, hours=hours)


def ahead(*, days=0, hours=0):
    return timedelta(days=days, hours=hours)


CATEGORIES = [
    {
        "slug": "environment",
        "name": "Environment",
        "description": "The river, the bay, the trees and the weather, and who looks after them.",
        "position": 1,
    },
    {
        "slug": "city",
        "name": "City",
        "description": "Council decisions, buses, schools and streets: how the town is run.",
        "position": 2,
    },
    {
        "slug": "science",
        "name": "Science",
        "description": "Data, research and measurement from Kestrel Bay, checked and explained.",
        "position": 3,
    },
    {
        "slug": "culture",
        "name": "Culture",
        "description": "The people, places and nights out that make the town what it is.",
        "position": 4,
    },
]

TAGS = [
    {"slug": "ashcombe-river", "name": "Ashcombe river"},
    {"slug": "volunteers", "name": "Volunteers"},
    {"slug": "buses", "name": "Buses"},
    {"slug": "libraries", "name": "Libraries"},
    {"slug": "council-budget", "name": "Council budget"},
    {"slug": "trees-and-heat", "name": "Trees and heat"},
    {"slug": "data", "name": "Data"},
    {"slug": "the-bay", "name": "The bay"},
    {"slug": "schools", "name": "Schools"},
    {"slug": "community-radio", "name": "Community radio"},
    {"slug": "nights-out", "name": "Nights out"},
    {"slug": "wildlife", "name": "Wildlife"},
]

CONTRIBUTORS = [
    {
        "slug": "maren-okafor",
        "name": "Maren Okafor",
        "bio": (
            "Maren covers the environment, from the Ashcombe's source to the bay. "
            "She grew up on a boat at the Old Quay and still swims there all year."
        ),
    },
    {
        "slug": "idris-calloway",
        "name": "Idris Calloway",
        "bio": (
            "Idris reports on the council, transport and housing. He has sat through more "
            "cabinet meetings than he would like to count, so that you do not have to."
        ),
    },
    {
        "slug": "noor-haddad",
        "name": "Noor Haddad",
        "bio": (
            "Noor shoots and edits our video reports. Before joining the newsroom she spent "
            "six years filming weddings, which she says taught her to never miss a moment."
        ),
    },
    {
        "slug": "elsie-brannagh",
        "name": "Elsie Brannagh",
        "bio": (
            "Elsie voices our video reports and produces the weekly audio bulletin. "
            "She presented Harbour FM's breakfast show for six years."
        ),
    },
    {
        "slug": "jonah-whitlock",
        "name": "Jonah Whitlock",
        "bio": (
            "Jonah is our data and science reporter. He turns spreadsheets, sensors and "
            "freedom-of-information replies into stories, and shows his working."
        ),
    },
    {
        "slug": "ada-fennimore",
        "name": "Ada Fennimore",
        "bio": (
            "Ada writes about culture and community life in Kestrel Bay, and often holds a "
            "second camera on our video shoots."
        ),
    },
]

ARTICLES = [
    # --- 1 -----------------------------------------------------------------------------------
    {
        "slug": "ashcombe-clean-up-record-volunteers",
        "headline": "Record 412 volunteers pull 3.1 tonnes of rubbish from the Ashcombe",
        "standfirst": (
            "The river's spring clean-up drew its biggest turnout yet. Organisers say the haul "
            "is shrinking, and what they find is changing."
        ),
        "category": "environment",
        "tags": ["ashcombe-river", "volunteers"],
        "credits": [
            ("maren-okafor", "author"),
            ("elsie-brannagh", "voiceover"),
            ("noor-haddad", "video"),
        ],
        "video_url": "https://www.youtube.com/watch?v=kB7rQ2mXv4L",
        "image": "river",
        "lead_image_alt": (
            "Illustration: layered green hills under a pale sky and a low sun, with a blue "
            "river winding down through the foreground."
        ),
        "published": ago(days=20, hours=2),
        "body": """\
More than four hundred people in waders, gloves and borrowed wellies spread out along six kilometres of the Ashcombe on Saturday morning for the river's annual clean-up, the largest turnout since the event began.

Organisers from the Friends of the Ashcombe counted 412 registered volunteers at the three sign-in tents at Tanners Bridge, Millbrook Weir and the Old Quay slipway. By 1pm they had filled 286 bags and dragged out a further 40 bulky items, including nine shopping trolleys, two mattresses and a motorbike frame that took six people and a winch to lift.

The council's waste team weighed the haul at the depot on Monday: 3.1 tonnes, down from 4.4 tonnes at the last comparable clean-up five years ago.

"Fewer tonnes with more people is exactly the direction we want," said Hannah Pryce, who has coordinated the clean-up for six years. "It means the river is getting cleaner between clean-ups, not just on the day."

## What came out of the water

Volunteers logged what they found on waterproof tally cards, a method borrowed from coastal litter surveys. Of the 9,870 items recorded:

- 3,412 were food and drink wrappers
- 2,105 were plastic bottles and cans
- 1,180 were wet wipes, most caught in tree roots below the Millbrook outfall
- 61 were disposable vapes, a category the group added only last year

The wet wipes worry Ms Pryce most. They cluster downstream of a storm overflow that discharged untreated sewage for a total of 212 hours last year, according to figures the water company is required to publish. Southmere Water said in a statement that it plans to upgrade the overflow "within the current investment period", which runs for another five years.

Volunteers this year included a Year 9 class from Northfield Academy, two rowing clubs and a group of 30 from the Kestrel Bay mosque, who ran the tea urn at Tanners Bridge all morning.

Rory Adeyemi, 71, has come to every clean-up since the first. "The first year I pulled out a fridge," he said. "This year the worst I found was a traffic cone. I'll take that."

The group's next event, a survey of the river's upper tributaries, is planned for early summer.
""",
    },
    # --- 2 -----------------------------------------------------------------------------------
    {
        "slug": "route-7-evening-buses-cut",
        "headline": "Route 7 to lose its evening buses, leaving Northfield without a service after 7pm",
        "standfirst": (
            "Harbourline says the late journeys carry too few passengers to pay for themselves. "
            "Shift workers at the hospital say they will have no way home."
        ),
        "category": "city",
        "tags": ["buses", "council-budget"],
        "credits": [("idris-calloway", "author")],
        "video_url": "",
        "image": "bus-evening",
        "lead_image_alt": (
            "Illustration: a dense town skyline at dusk, purple and orange sky, a pale moon, "
            "lit windows in the dark buildings."
        ),
        "published": ago(days=18, hours=5),
        "body": """\
From the start of next month, the last Route 7 bus from the town centre to Northfield will leave the Harbour Street stop at 6.52pm, Harbourline Buses has confirmed, ending an evening service that has run every half hour until 11pm for more than two decades.

The operator says the nine journeys it is withdrawing each weekday carried an average of 11 passengers last year, against 38 on daytime journeys. The council's subsidy for evening services on the route, £164,000 a year, ends with the current financial year.

"We have looked hard at this, and we can't run a bus that is mostly empty without support," said Gareth Lomax, Harbourline's commercial director. "If the funding comes back, the buses come back."

## Who rides at night

Those 11 passengers are not a random sample. A survey at the stop outside Kestrel Bay General Hospital, carried out by the Northfield Residents' Association over two weeks, found that 64 of the 90 evening passengers it spoke to were travelling to or from work, most of them on hospital or care-home shifts that end at 8pm or 10pm.

Amira Sato, a healthcare assistant who has worked on the stroke ward for eight years, does not drive. "A taxi home is £14," she said. "I earn that in just over an hour. I'd be working the first hour of every shift to get back."

The hospital trust said it was "aware of the change" and was talking to staff about a car-share scheme. It has not said whether it would contribute to the cost of keeping the service.

Cllr Dev Anand, the council's cabinet member for transport, called the decision "painful" and said the authority had protected daytime routes that carry far more people. He pointed to a bid for national bus funding, due to be decided in the summer, that could restore some evening journeys.

The change leaves Northfield, an estate of around 6,200 residents, as the only part of town with no public transport after 7pm. The nearest alternative, Route 12 on the ring road, stops 1.4 kilometres from the estate's centre, up a hill with a pavement on only one side.

A public meeting on the cut is being held at Northfield Community Centre on Thursday at 7pm. Residents have asked Harbourline to lay on a bus home afterwards.
""",
    },
    # --- 3 -----------------------------------------------------------------------------------
    {
        "slug": "millbrook-library-repair-cafe",
        "headline": "Toasters, tents and a 1974 sewing machine: a morning at Millbrook's repair café",
        "standfirst": (
            "Eighteen months in, the library's volunteer fixers have logged 1,240 repairs. "
            "Two in three items walk out working."
        ),
        "category": "culture",
        "tags": ["libraries", "volunteers"],
        "credits": [
            ("ada-fennimore", "author"),
            ("elsie-brannagh", "voiceover"),
            ("noor-haddad", "video"),
        ],
        "video_url": "https://www.youtube.com/watch?v=Rq4nT8cWz2P",
        "image": "workshop",
        "lead_image_alt": (
            "Illustration: three interlocking gear wheels in teal, orange and yellow on a warm "
            "cream ground, circled by a dotted line, with a row of small washers."
        ),
        "published": ago(days=16, hours=22),
        "body": """\
By quarter past ten on the first Saturday of the month, the queue at Millbrook library's side door already reaches the bike racks. People hold lamps, kettles, a child's ride-on tractor. One man has a pair of walking boots tucked under each arm.

The repair café has run in the library's community room for a year and a half. Its volunteers, currently 23 of them, sit at trestle tables with screwdrivers, soldering irons, a sewing machine and two boxes of spare fuses, and fix whatever they are brought, for free, while the owner watches.

That last part is the point, says Colm Hartigan, a retired electrician who set the café up with the library's manager. "We don't take your toaster away and hand it back. You sit with us. Half the time you end up holding the torch, and the next time something breaks you might have a go yourself."

## The numbers

The volunteers keep a log of every item. Of the 1,240 repairs attempted so far:

- 826 were fixed on the day
- 171 needed a part and were fixed at a later session
- 243 could not be repaired, most often because the casing could not be opened without breaking it

Small kitchen appliances make up the largest share, followed by clothing, lamps and bicycles. Using manufacturers' listed weights, the library estimates that the items fixed so far add up to a little over 2.3 tonnes that did not go to landfill.

Janet Oduya brought her mother's Singer sewing machine, bought in 1974 and silent for a decade. Forty minutes, a new drive belt and a good deal of oil later, it was running. "I was ready to give it to a charity shop," she said. "Now I've got to learn to use it."

The café costs the library almost nothing: volunteers bring their own tools, and a hardware shop on Mill Road donates fuses, glue and thread. It has, though, become one of the busiest things the building does. On repair Saturdays, the door counter records roughly twice the footfall of an ordinary Saturday.

That matters, because Millbrook is one of two branches whose opening hours are under review as the council looks for savings. "We can show it's used," said the branch manager, Lorna Beck. "Every month, there's a queue."

The café runs on the first Saturday of every month from 10am to 1pm. Volunteers who can sew are especially welcome.
""",
    },
    # --- 4 -----------------------------------------------------------------------------------
    {
        "slug": "tree-cover-heat-map",
        "headline": "Mapped: Kestrel Bay's hottest streets are the ones with the fewest trees",
        "standfirst": (
            "We combined satellite surface temperatures with the council's tree survey. On a "
            "summer afternoon, the leafiest and barest neighbourhoods were 9.4C apart."
        ),
        "category": "science",
        "tags": ["trees-and-heat", "data"],
        "credits": [("jonah-whitlock", "author"), ("maren-okafor", "author")],
        "video_url": "",
        "image": "canopy-heat",
        "lead_image_alt": (
            "Illustration: a grid of dark green circles, large in some patches and tiny in "
            "others, over a background shading from orange to deep red."
        ),
        "published": ago(days=14, hours=3),
        "body": """\
On the hottest afternoon of last summer, the ground on Quarry Road in Harbour Ward reached 41.2C. Two kilometres away, in the tree-lined streets around Ashcombe Park, it measured 31.8C.

The difference lines up closely with how much of each street is shaded by trees. That is the main finding of an analysis we carried out over the winter, combining the council's most recent canopy survey with land-surface temperatures recorded by the Landsat 9 satellite as it passed over the town that day.

## How we did it

We divided the town into 412 squares, each 250 metres across, and for each one calculated the share of ground covered by tree canopy and the average surface temperature. Surface temperature is not the same as the air temperature people feel, but the two move together, and hot surfaces keep radiating heat into homes after dark.

Across the town, canopy cover averages 17 per cent. In the ten hottest squares it is 4 per cent; in the ten coolest, 38 per cent. Each additional ten percentage points of canopy went with a surface about 2.1C cooler, after allowing for how much of each square was water.

Dr Farah Lindqvist, an urban climate researcher at the University of Southmere who reviewed our method before publication, said the pattern was consistent with studies in other towns. "The relationship isn't perfect, because roofs, roads and wind all play a part," she said. "But it's strong enough that tree cover is one of the first things a council should look at."

## Who lives in the hot squares

Seven of the ten hottest squares are in Harbour Ward and Northfield, which also have the highest share of households without a garden, according to the census. Residents of several blocks of flats there told us their bedrooms stayed above 28C for nights at a time during last year's heatwave.

The council's urban forest plan aims to plant 3,000 street trees by the end of the decade. Its own figures show 640 planted so far, of which 112 have died, mostly in their first dry summer.

A council spokesperson said the authority would "look closely" at our findings, and that this year's planting would prioritise "areas with low canopy cover". We have shared our grid and method with the council's tree officer, and will publish them in full alongside a follow-up in the spring.
""",
    },
    # --- 5 -----------------------------------------------------------------------------------
    {
        "slug": "harbour-fm-twenty-years",
        "headline": "Harbour FM at 20: still volunteer-run, still using the 1998 mixing desk",
        "standfirst": (
            "Kestrel Bay's community station has broadcast from a room above a bakery for two "
            "decades. Its presenters range in age from 15 to 88."
        ),
        "category": "culture",
        "tags": ["community-radio", "volunteers"],
        "credits": [
            ("ada-fennimore", "author"),
            ("elsie-brannagh", "voiceover"),
            ("noor-haddad", "video"),
        ],
        "video_url": "https://www.youtube.com/watch?v=Hf3Lp9sYd0K",
        "image": "radio",
        "lead_image_alt": (
            "Illustration: concentric half-rings in gold, coral, cream and teal spreading "
            "across a navy sky from the tip of a small radio mast."
        ),
        "published": ago(days=12, hours=6),
        "body": """\
At 7am on a weekday the studio of Harbour FM smells of bread. The station has broadcast from the first floor of Dunmore's Bakery on Chapel Street since its first test transmission twenty years ago this month, and the ovens downstairs start two hours before the breakfast show.

In those two decades, by the station's own count, around 640 volunteers have presented, produced or engineered something over 175,000 hours of radio. It has never had more than two paid staff, and for nine of its twenty years it had none.

"People assume community radio is a hobby," said the station manager, Bernadette Quaye, who joined at 17 to read out the what's-on listings. "It's what was on in the hospital after the local paper closed. It's what told people which roads were shut during the big flood, hour by hour, when nobody else did."

## The schedule

The weekly schedule runs to 61 shows. Alongside music programmes it carries a Polish-language hour, a weekly programme made by residents of Saltmarsh Lane care home, a phone-in on allotments, and live commentary of Kestrel Bay Town's home matches, which has not missed a season.

The youngest presenter, 15-year-old Leo Marchetti, hosts a Sunday show of film soundtracks. The oldest, Walter Fenn, 88, has presented a jazz programme every Tuesday night since the station began. "I've had four producers and two new knees," he said. "The desk has outlasted all of them."

That desk, a second-hand mixing console bought in 1998 by the pirate station that preceded Harbour FM, is now the station's biggest worry. Two of its channels no longer work, and replacement parts come from enthusiasts' forums. A new digital desk and the wiring to go with it would cost about £22,000.

The station is funded mainly by its listeners, about 480 of whom give an average of £5 a month, with the rest coming from advertising by local businesses. The broadcasting regulator renewed its licence last year for a further five years.

A birthday broadcast, with former presenters returning for an hour each, runs from 6am to midnight on Saturday.

*Elsie Brannagh, who voices the video version of this report, presented Harbour FM's breakfast show for six years.*
""",
    },
    # --- 6 -----------------------------------------------------------------------------------
    {
        "slug": "old-quay-night-market-first-weekend",
        "headline": "Old Quay night market draws 6,000 on its first weekend; traders want it monthly",
        "standfirst": (
            "The council-backed trial brought 42 stalls and a brass band to the harbour car "
            "park. Restaurants on the quay report their busiest Saturday in months."
        ),
        "category": "culture",
        "tags": ["nights-out"],
        "credits": [
            ("idris-calloway", "author"),
            ("ada-fennimore", "author"),
            ("elsie-brannagh", "voiceover"),
            ("ada-fennimore", "camera"),
            ("noor-haddad", "video"),
        ],
        "video_url": "https://www.youtube.com/watch?v=mN5xJ7tAq3Z",
        "image": "night-market",
        "lead_image_alt": (
            "Illustration: strings of coloured lights sagging above a row of striped market "
            "awnings, with dark buildings and a full moon behind."
        ),
        "published": ago(days=10, hours=1),
        "body": """\
The harbour car park on the Old Quay is usually empty by 6pm. On Friday and Saturday it held 42 stalls under strings of festoon lights, a brass band on a flatbed trailer and, by the council's count at the two entrances, just over 6,000 visitors across the two evenings.

The night market was a trial, the first of three the council agreed to fund this year at a cost of £18,500, mostly for lighting, toilets and stewards. Stalls paid £35 a night, with a reduced rate of £15 for first-time traders.

Food made up about half the pitches: Sri Lankan hoppers, oysters from the bay's one remaining farm, Ghanaian waakye, and a queue for churros that at one point ran the length of the harbour wall. The rest sold ceramics, second-hand records, houseplants and prints.

"We took more in four hours than we do in a normal week at the Saturday market," said Aisha Boateng, who runs a waakye stall with her sister. "And it was a different crowd. Young people, families after the kids' bedtime. People who never come to the daytime market."

## Not everyone was pleased

Residents of the flats on Quay Terrace, which overlook the car park, said music carried well after the 10pm finish while traders packed down. The council's events team said it had received four complaints, about noise and about cars parked on double yellow lines on Harbour Hill, and that amplified music at the next market would end at 9.30pm.

Restaurants on the quay were broadly positive. The Mariner's Table said Saturday was its busiest night since August, and The Lantern, a wine bar, said it had turned away walk-ins for the first time this year.

A survey of stallholders by the Kestrel Bay Traders' Association found that 37 of the 39 who responded wanted the market to run monthly. The council said it would decide after the remaining two trials.

Cllr Ruth Okonjo, who proposed the trial, said the town had "been waiting for a reason to come out after dark". "We've just shown there's one," she said.
""",
    },
    # --- 7 -----------------------------------------------------------------------------------
    {
        "slug": "seagrass-survey-gull-point",
        "headline": "Divers count the bay's seagrass: the meadows have grown by a fifth",
        "standfirst": (
            "A volunteer survey mapped 14.6 hectares of seagrass off Gull Point. Scientists "
            "credit new moorings, and warn that one hot summer could undo the gains."
        ),
        "category": "science",
        "tags": ["the-bay", "volunteers", "wildlife"],
        "credits": [
            ("maren-okafor", "author"),
            ("elsie-brannagh", "voiceover"),
            ("noor-haddad", "camera"),
        ],
        "video_url": "https://www.youtube.com/watch?v=Zp2Ws6yGe8B",
        "image": "seagrass",
        "lead_image_alt": (
            "Illustration: an underwater scene in turquoise, with tall green seagrass rising "
            "from pale sand, shafts of light from above and a few small fish."
        ),
        "published": ago(days=8, hours=4),
        "body": """\
For three weeks at the end of the summer, a team of 26 volunteer divers swam slow, numbered lines across the floor of Kestrel Bay, a metre apart, recording every patch of seagrass they passed over.

The result, published this week by the Kestrel Bay Marine Trust, puts the meadows off Gull Point at 14.6 hectares, up from 12.1 hectares when the same survey was last carried out five years ago. That is an increase of about 21 per cent, and the first growth the trust has recorded since it began counting.

Seagrass matters well beyond its size. The meadows shelter young fish, including the bass and bream that the bay's small-boat fishers rely on, hold the seabed together in storms and lock carbon away in the sediment beneath them.

"We were braced for a loss," said Dr Imogen Tarrant, the trust's science officer, who led the survey. "Instead the edges have crept outwards almost everywhere, and there are new patches where there was bare sand last time."

## Why it grew

The trust attributes most of the recovery to a change in how boats moor. Four years ago, with money from a national marine restoration fund, it replaced 38 traditional chain moorings in the bay with designs that hold their chains clear of the seabed. Chains dragging in circles with the tide had scoured bare rings into the meadows, visible from the air as pale craters.

Those rings have now mostly filled in, the survey found. Voluntary no-anchor zones, marked with yellow buoys, have also been respected by most visiting yachts, according to the harbour master's logs.

The harbour master, Stuart Kilbride, put compliance at "about nine in ten" in the busy months. "Most people anchor on seagrass because they don't know it's there," he said. "Once you show them, they move."

## The risks

The survey also found signs of stress. Wasting disease, caused by a microscopic organism that blackens the leaves, was present in 18 per cent of samples, up from 11 per cent. Dr Tarrant said marine heatwaves, which have become more frequent off this coast, could set the meadows back quickly.

The trust is recruiting divers and snorkellers for its next count. Training is free.
""",
    },
    # --- 8 -----------------------------------------------------------------------------------
    {
        "slug": "council-savings-plan-explained",
        "headline": "The council's £1.9m savings plan, line by line",
        "standfirst": (
            "Library hours, public toilets and evening buses are all on the list. We went "
            "through the 84-page budget report so you don't have to."
        ),
        "category": "city",
        "tags": ["council-budget", "libraries", "buses"],
        "credits": [("idris-calloway", "author")],
        "video_url": "",
        "image": "budget",
        "lead_image_alt": (
            "Illustration: coloured vertical bars of uneven height on a cream ground, several "
            "topped with dashed outlines where part of the bar has been cut away."
        ),
        "published": ago(days=6, hours=7),
        "body": """\
Kestrel Bay Council needs to find £1.9m in savings next year, out of a net budget of £61m, to set the balanced budget the law requires. The proposals, published in an 84-page report ahead of next week's cabinet meeting, would touch almost every part of town.

The council says the gap is driven by the rising cost of adult social care and temporary accommodation, which together have grown by £4.3m in two years, faster than its income from council tax and government grants.

Here are the biggest items, and what they would mean in practice.

## The main proposals

- **Evening bus subsidies (£164,000).** Support for late journeys on Route 7 ends, leaving Northfield without buses after 7pm. Harbourline has already confirmed the change.
- **Library opening hours (£210,000).** Millbrook and Saltmarsh Lane libraries would close on Mondays and Wednesdays. No library would close outright.
- **Public toilets (£96,000).** The toilets at Gull Point and the bus station would shut from October to March. Those on the seafront would stay open all year.
- **Grass cutting (£75,000).** Verges would be cut three times a year instead of six, with some left as wildflower strips.
- **Council tax.** A rise of 4.99 per cent, the most allowed without a local referendum, adding about £1.62 a week to a Band D bill.

Most of the remaining savings come from back-office changes, including a merged customer service centre and fewer leased vehicles. The council says these will mean 22 fewer posts, most of them removed by not filling vacancies.

"No one came into local government to write a list like this," said Cllr Helen Marsh, the cabinet member for finance. "We have tried to protect the things people can't get anywhere else."

Opposition councillors say the library reductions are a false economy. Cllr Peter Yeo, leader of the Independent group, said the Millbrook branch was "busier than it has been in a decade", and that his group would propose paying for its hours from the council's reserves, which stood at £11.8m at the end of the last financial year.

The council's own equality assessment, an appendix to the report, says the bus and library changes would fall hardest on older residents and people without cars.

A public consultation closes in three weeks. Residents can respond online, or on paper forms available at every library.
""",
    },
    # --- 9 -----------------------------------------------------------------------------------
    {
        "slug": "school-streets-six-weeks",
        "headline": "Six weeks of school streets: drop-off traffic down by two-thirds",
        "standfirst": (
            "Three roads outside primary schools now close to through traffic twice a day. "
            "Sensors and parents' counts tell a similar story; some neighbours are less sure."
        ),
        "category": "city",
        "tags": ["schools", "data"],
        "credits": [("idris-calloway", "author"), ("jonah-whitlock", "author")],
        "video_url": "",
        "image": "school-street",
        "lead_image_alt": (
            "Illustration: seen from above, the white stripes of a pedestrian crossing on grey "
            "tarmac, with small groups of brightly coloured dots crossing it."
        ),
        "published": ago(days=5, hours=2),
        "body": """\
Since the start of term, the road outside St Brigid's Primary on Ferris Lane has closed to cars from 8.20am to 9am and from 3pm to 3.40pm. A folding barrier goes across each end, staffed by a rota of parents in high-visibility vests. Residents and blue badge holders can drive through; everyone else has to park elsewhere and walk.

The same happens on Kiln Street, outside Harbour Primary, and on a stretch of Orchard Road outside Northfield Infants. The six-month trial is the town's first.

Six weeks in, traffic counters fitted by the council at each end of the three roads recorded an average of 61 vehicles on each street during the morning closure, down from 187 in the fortnight before the trial began. That is a fall of 67 per cent.

Separately, a group of parents at St Brigid's has been counting how children arrive at the gate. Before the trial, 41 per cent came by car; in the most recent count, 24 per cent did.

"The difference at the gate is the noise," said Sinead Mulvaney, who chairs the school's parents' association and helped organise the counts. "You can hear children talking. There's no reversing, nobody mounting the kerb."

## Where did the cars go?

The question neighbours raise most often is whether the traffic has simply moved. Counters on the surrounding roads show increases on two of them at drop-off time: Mill Road, up 14 per cent, and Dean Street, up 9 per cent. Across the whole area, though, the number of vehicles at drop-off is down by about a fifth, which suggests that some families have switched to walking or cycling rather than parking further away.

Not everyone on Kiln Street is happy. "I'm a carer, and I have visitors who come at half eight," said one resident, who asked not to be named. "They have to explain themselves at a barrier twice a day." The council says carers can apply for an exemption permit, and that 37 have been issued so far.

Air-quality sensors outside the three schools, part of a University of Southmere project, show nitrogen dioxide during the morning closure about 23 per cent lower than at the same point last year, although the researchers caution that differences in the weather account for some of the fall.

The council will decide at the end of the trial whether to make the closures permanent. Its consultation stays open until then.
""",
    },
    # --- 10 ----------------------------------------------------------------------------------
    {
        "slug": "student-river-sensors-flood-warnings",
        "headline": "Sixth-formers' £40 river sensors now feed the council's flood warnings",
        "standfirst": (
            "Students at Northfield Academy built gauges for six bridges on the Ashcombe's "
            "tributaries. Their readings fill a gap the official network never covered."
        ),
        "category": "science",
        "tags": ["ashcombe-river", "schools", "data"],
        "credits": [
            ("jonah-whitlock", "author"),
            ("elsie-brannagh", "voiceover"),
            ("noor-haddad", "video"),
        ],
        "video_url": "https://www.youtube.com/watch?v=Tc8Vb1nKr5M",
        "image": "river-sensors",
        "lead_image_alt": (
            "Illustration: pale concentric rings spreading from a small yellow device fixed "
            "under a dark arched bridge, above bands of deep blue-green water."
        ),
        "published": ago(days=3, hours=5),
        "body": """\
When the Ashcombe burst its banks at Millbrook during the last big flood, the nearest official river gauge was eight kilometres upstream, on a stretch that rose slowly. The two brooks that actually flooded the village, the Fallow and the Wren, had no gauges at all.

Now they have six between them, built for about £40 each by sixth-form students at Northfield Academy.

The devices are simple: an ultrasonic distance sensor of the kind used in car parking aids, fixed to the underside of a bridge and pointed at the water, with a small solar panel, a battery and a low-power radio that sends a reading every five minutes to a receiver on the school roof. The students wrote the code, designed 3D-printed cases and negotiated permission with the owner of each bridge.

"The hardest part wasn't the electronics," said Yusuf Dlamini, 17, one of the eight students in the group. "It was the spiders. They build webs across the sensor, and it thinks the river has come up to the bridge."

## From project to public data

The project began two years ago as an extension task for A-level physics students, set by their teacher, Carys Penhallow. Last autumn, after a year of readings that tracked the official upstream gauge closely, the council's flood risk team asked whether it could use the data.

The readings now appear on the council's flood information page, marked as community data, and the team uses them alongside the official gauges when deciding whether to close the ford road at Millbrook.

"Twice this winter, the students' gauges on the Wren rose before anything on our network moved," said Graham Stoddart, the council's flood risk manager. "That gave us about forty minutes' notice we wouldn't otherwise have had. It doesn't replace professional monitoring, but it's genuinely useful."

Not every gauge has survived. One was torn off its bracket in a storm and found a kilometre downstream, still transmitting. Another was stolen and has been replaced with a less conspicuous case.

Ms Penhallow says the group's next aim is to publish the design so that other schools can build their own. Three schools in the county have already asked. "It's real physics, with real consequences," she said. "They know people downstream are looking at their numbers."
""",
    },
    # --- 11 ----------------------------------------------------------------------------------
    {
        "slug": "swift-bricks-coopers-row",
        "headline": "Developer agrees to fit 140 swift bricks after residents count the birds",
        "standfirst": (
            "A summer-long survey by Saltmarsh Lane residents found 63 nesting pairs in "
            "terraces due for redevelopment. The builder has changed its plans."
        ),
        "category": "environment",
        "tags": ["wildlife", "volunteers"],
        "credits": [("maren-okafor", "author"), ("ada-fennimore", "photo")],
        "video_url": "",
        "image": "swifts",
        "lead_image_alt": (
            "Illustration: swifts with long curved wings flying over gabled rooftops in warm "
            "pinks and browns, under a pale evening sky with a low sun."
        ),
        "published": ago(days=2, hours=3),
        "body": """\
Every evening last June, between half past eight and half past nine, members of the Saltmarsh Lane Residents' Association stood at the ends of their streets with clipboards, watching for swifts.

They were counting screaming parties, the low, fast, shrieking flocks that swifts form around their nest sites at dusk, and then the individual birds that flicked up into gaps under the eaves of the old terraces. By the end of the summer the group had recorded 63 nesting pairs across four streets, most of them in the houses on Cooper's Row that are due to be demolished next year.

Swifts have declined by more than half in Britain over the past three decades, and one of the main causes is the loss of nest sites as old buildings are renovated or replaced. The birds return to the same hole year after year, after spending most of the year in Africa. When the hole is gone, they often fail to breed.

The redevelopment of Cooper's Row by Harbourside Homes, 96 flats and houses that already have planning permission, had made no provision for them.

"We weren't trying to stop the houses being built," said Margaret Ilunga, who organised the survey. "People need homes. We just wanted the swifts to have somewhere to come back to."

## A change of plans

The residents sent their survey, with maps and photographs, to the developer and to the council's ecology officer in the autumn. After two meetings, Harbourside Homes has agreed to build 140 swift bricks into the new buildings. The bricks are hollow, with a small entrance slot, and sit flush in the wall; most will go on north- and east-facing gables, high enough to be out of reach of cats.

The company will also delay demolition of the first block until the birds have left in August, and put up temporary nest boxes on the neighbouring school during construction.

"The survey was thorough, and frankly better than what we usually get from consultants," said Sam Whitcombe, Harbourside's planning director. "The bricks cost us about £35 each. It would have been hard to say no."

The council's ecology officer, Dr Nia Hughes, said she would recommend that swift bricks become a standard condition for new housing in the town.

The residents' association will repeat its count this summer. Anyone who wants to help can join them at the corner of Cooper's Row at half past eight on any warm June evening.
""",
    },
    # --- 12 ----------------------------------------------------------------------------------
    {
        "slug": "regent-cinema-projector-appeal",
        "headline": "The Regent's volunteers raise £38,000 for a new projector in 11 weeks",
        "standfirst": (
            "Kestrel Bay's 1930s single-screen cinema faced closure when its projector failed. "
            "More than 1,100 people chipped in to save it."
        ),
        "category": "culture",
        "tags": ["volunteers", "nights-out"],
        "credits": [
            ("ada-fennimore", "author"),
            ("idris-calloway", "voiceover"),
            ("noor-haddad", "video"),
            ("ada-fennimore", "camera"),
        ],
        "video_url": "https://www.youtube.com/watch?v=Gy6Hd4pRm9W",
        "image": "cinema",
        "lead_image_alt": (
            "Illustration: a soft cone of projector light crossing a dark auditorium, flecked "
            "with dust, above rows of red seats and a few silhouetted heads."
        ),
        "published": ago(hours=5),
        "body": """\
Halfway through a Saturday matinee in the autumn, the projector at the Regent cinema on Station Road went dark, and did not come back on.

The engineer who came out the following week delivered the news the volunteers had been dreading: the machine, bought second-hand when the cinema gave up 35mm film, was beyond repair, and its maker no longer supplied parts. A replacement, installed, would cost £38,000.

"We had £4,100 in the bank," said Phil Abernathy, who chairs the Regent Cinema Trust. "For about a day, we thought that was it. The Regent has been here since 1936, and we were going to be the ones who closed it."

The trust took over the cinema from its last commercial owner in 2009, and it has been run by volunteers ever since. About 90 of them sell tickets, run the bar, clean the auditorium and operate the projector. Tickets cost £7.

## Eleven weeks

The appeal opened online and with a collecting bucket in the foyer. While the Regent was dark, the trust screened films in the town hall with a borrowed projector and a folding screen, and asked audiences to give what they could.

By the eleventh week, 1,137 people had donated. The median gift was £15. The largest, £5,000, came from a former projectionist now living in Canada, who asked not to be named; the smallest recorded was 40p, counted out of a child's purse into the bucket.

A brewery on the industrial estate made a pale ale called Double Feature and gave £1 a pint to the appeal, raising £2,260. Pupils at Harbour Primary held two cake sales. Traders at the Saturday market gave the trust a free stall for the whole appeal.

"What it told us is that people think of the Regent as theirs," said Mr Abernathy. "Which it is."

The new projector was installed last week. The first film it shows, chosen by a vote of donors, will be a restored 1950s musical; the trust will not say which until the night. Tickets for the reopening sold out in 40 minutes.
""",
    },
    # --- 13: a draft ------------------------------------------------------------------------
    {
        "slug": "harbour-wall-engineers-report",
        "headline": "Harbour wall needs £2.7m of repairs within five years, engineers find",
        "standfirst": (
            "An inspection after last winter's storms rates four of the Old Quay wall's 14 "
            "sections as poor. The council is bidding for national money to fix them."
        ),
        "category": "city",
        "tags": ["the-bay", "council-budget"],
        "credits": [("idris-calloway", "author"), ("maren-okafor", "author")],
        "video_url": "",
        "image": "harbour",
        "lead_image_alt": (
            "Illustration: grey-blue waves breaking in spray against the end of a stone "
            "harbour wall, under a heavy, pale, cloudy sky."
        ),
        "published": None,
        "body": """\
An engineers' inspection of the Old Quay harbour wall, commissioned by the council after parts of the parapet fell into the sea during last winter's storms, has found that the wall needs about £2.7m of repairs within five years.

The report by Colbourne Marine Engineering, which we have seen, divides the 420-metre wall into 14 sections. Four are rated "poor", meaning the engineers recommend repairs within two years; the other ten are "fair" or "good".

The worst damage is at the seaward end, near the lifeboat slipway, where waves have washed out the mortar between the granite blocks to a depth of up to 60 centimetres. Behind the wall there, ground-penetrating radar found a void roughly three metres long and two metres deep.

"It's not about to fall down," said the report's author, the chartered engineer Declan Moyes. "But a wall like this fails from the inside out. If you leave the voids, they grow."

## What happens next

The council has fenced off the seaward end of the wall since the storms. It says the lifeboat crew can still launch normally, and that the fencing will stay until repairs are finished.

It has applied for £1.8m from a national coastal defence fund, and would need to find the remaining £900,000 from its own capital budget, which is already stretched. A decision on the bid is expected in the autumn.

The fenced-off stretch is the most popular spot in town for sea angling. The Kestrel Bay Sea Anglers' Club, which has about 150 members, says it has not been told how long the closure will last.

Note for the desk: check the void dimensions against page 31 of the report; comment requested from the lifeboat station and the anglers' club, not yet received.
""",
    },
    # --- 14: scheduled ----------------------------------------------------------------------
    {
        "slug": "allotment-waiting-list-nine-years",
        "headline": "Allotment waiting list reaches nine years as council looks for new land",
        "standfirst": (
            "There are 612 people waiting for the town's 318 plots. A disused bowling green "
            "and a strip of land by the railway are being considered."
        ),
        "category": "environment",
        "tags": ["data", "council-budget"],
        "credits": [("maren-okafor", "author"), ("jonah-whitlock", "author")],
        "video_url": "",
        "image": "allotments",
        "lead_image_alt": (
            "Illustration: a patchwork of striped green and brown allotment plots with bean "
            "poles and a small shed, under soft green hills and a low sun."
        ),
        "published": ahead(days=3),
        "body": """\
If you put your name down for an allotment in Kestrel Bay today, the council estimates you will be offered one in about nine years.

Figures released to us under the Freedom of Information Act show 612 people on the waiting list for the town's 318 plots, spread across five sites. Ten years ago the list held 140 names and the wait was under two years. Turnover is low: last year, 34 plots changed hands, most because a tenant died, moved away or was evicted for leaving a plot untended.

"I put my name down when my daughter was born," said Tamsin Rowe, who lives in a second-floor flat on Kiln Street. "She's seven now. I've got tomatoes in pots on the windowsill, and that's about it."

## Splitting plots, finding land

The council already halves most plots that fall vacant, turning a traditional 250-square-metre plot into two. That has added 41 plots in five years, but demand has grown faster.

Two new sites are now being considered. The first is the former bowling green in Ashcombe Park, unused since the bowls club folded, which could take about 24 half-plots. The second is a 0.8-hectare strip of council land beside the railway at Northfield, which would need fencing, a water supply and soil testing because of its industrial past. The council estimates that would cost £60,000 and provide 40 plots.

Ken Osei, secretary of the Kestrel Bay Allotment Society, said members would help clear and lay out any new site. "We've got people who've been doing this for fifty years," he said. "Give us the land and we'll give you the gardeners."

## Sharing in the meantime

Some tenants have started sharing. The society runs an informal scheme that pairs older plot-holders who are struggling to keep up with people on the waiting list; 19 pairs are currently working plots together.

Doreen Achterberg, 81, has shared her plot at the Mill Road site with a young family for two years. "My knees gave up on the digging," she said. "They do the digging, I tell them what they're doing wrong, and we split the beans."

Cllr Ruth Okonjo, who chairs the council's communities committee, said a report on both sites would go to the committee next month. "Nine years is too long to wait for a patch of earth," she said.
""",
    },
]
