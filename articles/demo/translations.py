# ruff: noqa: E501 -- each Markdown paragraph is one line, so bodies read naturally in the admin.
"""Versions of demo articles in the site's other languages, written for the demo (our own
words, shortened from the English reports in content.py): the river clean-up in German and
Arabic, the tree-cover map in German. Each names the article it is a version of by slug;
`articles.demo.load_demo_content` links them as one story and credits the translator."""

from .content import ago

TRANSLATIONS = [
    {
        "version_of": "ashcombe-clean-up-record-volunteers",
        "language": "de",
        "slug": "ashcombe-flussputz-rekord-freiwillige",
        "headline": "Rekord an der Ashcombe: 412 Freiwillige holen 3,1 Tonnen Müll aus dem Fluss",
        "standfirst": (
            "So viele Helferinnen und Helfer wie nie kamen zum Frühjahrsputz am Fluss. Die "
            "Müllmenge sinkt, doch was gefunden wird, verändert sich."
        ),
        "credits": [("maren-okafor", "author"), ("ada-fennimore", "translator")],
        "lead_image_alt": (
            "Illustration: grüne Hügel in Schichten unter blassem Himmel und tief stehender "
            "Sonne, im Vordergrund ein blauer Fluss, der sich hinabwindet."
        ),
        "published": ago(days=19, hours=20),
        "body": """\
Mehr als vierhundert Menschen in Wathosen, Handschuhen und geliehenen Gummistiefeln verteilten sich am Samstagmorgen auf sechs Kilometern entlang der Ashcombe – so viele wie noch nie, seit es den jährlichen Flussputz gibt.

Die Friends of the Ashcombe zählten 412 angemeldete Freiwillige an den drei Anmeldezelten an der Tanners Bridge, am Millbrook-Wehr und an der Slipanlage am Old Quay. Bis 13 Uhr hatten sie 286 Säcke gefüllt und 40 sperrige Teile geborgen, darunter neun Einkaufswagen, zwei Matratzen und einen Motorradrahmen, für den es sechs Leute und eine Seilwinde brauchte.

Das Abfallteam der Stadt wog die Ausbeute am Montag im Betriebshof: 3,1 Tonnen, nach 4,4 Tonnen beim letzten vergleichbaren Einsatz vor fünf Jahren.

„Weniger Tonnen mit mehr Leuten – genau in diese Richtung soll es gehen“, sagte Hannah Pryce, die den Flussputz seit sechs Jahren organisiert. „Das heißt, der Fluss wird auch zwischen den Aktionen sauberer, nicht nur an diesem einen Tag.“

## Was aus dem Wasser kam

Die Freiwilligen notierten ihre Funde auf wasserfesten Strichlisten. Von 9.870 erfassten Teilen waren:

- 3.412 Verpackungen von Essen und Getränken
- 2.105 Plastikflaschen und Dosen
- 1.180 Feuchttücher, die meisten in Baumwurzeln unterhalb des Millbrook-Auslasses
- 61 Einweg-E-Zigaretten, eine Kategorie, die die Gruppe erst im vergangenen Jahr eingeführt hat

Die Feuchttücher bereiten Pryce die größten Sorgen. Sie sammeln sich unterhalb eines Regenüberlaufs, aus dem im vergangenen Jahr insgesamt 212 Stunden lang ungeklärtes Abwasser floss. Southmere Water erklärte, der Überlauf werde „im laufenden Investitionszeitraum“ erneuert; der dauert noch fünf Jahre.

Der nächste Einsatz der Gruppe, eine Bestandsaufnahme an den oberen Zuflüssen, ist für den Frühsommer geplant.
""",
    },
    {
        "version_of": "ashcombe-clean-up-record-volunteers",
        "language": "ar",
        "slug": "ashcombe-clean-up-ar",
        "headline": "رقم قياسي: 412 متطوعًا ينتشلون 3.1 أطنان من النفايات من نهر آشكوم",
        "standfirst": (
            "استقطبت حملة تنظيف النهر الربيعية أكبر عدد من المشاركين حتى الآن. ويقول "
            "المنظمون إن كمية النفايات تتراجع، لكن نوعها يتغيّر."
        ),
        "credits": [("maren-okafor", "author"), ("noor-haddad", "translator")],
        "lead_image_alt": (
            "رسم توضيحي: تلال خضراء متدرجة تحت سماء شاحبة وشمس منخفضة، ونهر أزرق يتعرّج "
            "في مقدمة الصورة."
        ),
        "published": ago(days=19, hours=18),
        "body": """\
انتشر أكثر من أربعمئة شخص، بأحذية طويلة وقفازات، على امتداد ستة كيلومترات من ضفاف نهر آشكوم صباح السبت في حملة التنظيف السنوية للنهر، وهو أكبر عدد من المشاركين منذ انطلاق الحملة.

وأحصت جمعية أصدقاء آشكوم 412 متطوعًا مسجّلًا في خيام التسجيل الثلاث عند جسر تانرز وسدّ ميلبروك ومنحدر الرصيف القديم. وبحلول الواحدة ظهرًا كانوا قد ملؤوا 286 كيسًا وأخرجوا 40 قطعة كبيرة، منها تسع عربات تسوّق وفرشتان وهيكل دراجة نارية احتاج رفعه إلى ستة أشخاص ورافعة.

ووزن فريق النفايات في البلدية الحصيلة يوم الاثنين: 3.1 أطنان، مقابل 4.4 أطنان في آخر حملة مماثلة قبل خمس سنوات.

وقالت هانا برايس، التي تنسّق الحملة منذ ست سنوات: «أطنان أقل مع عدد أكبر من الناس، هذا بالضبط ما نريده. يعني ذلك أن النهر يصبح أنظف بين حملة وأخرى، لا في يوم الحملة وحده».

## ما خرج من الماء

سجّل المتطوعون ما وجدوه على بطاقات مقاومة للماء. ومن بين 9870 قطعة مسجّلة:

- 3412 غلافًا لطعام أو شراب
- 2105 زجاجات بلاستيكية وعلب معدنية
- 1180 منديلًا مبللًا، علق معظمها في جذور الأشجار أسفل مصبّ ميلبروك
- 61 سيجارة إلكترونية تُستعمل مرة واحدة، وهي فئة لم تُضفها المجموعة إلا العام الماضي

وكان بين المتطوعين هذا العام صفّ من أكاديمية نورثفيلد وناديان للتجديف ومجموعة من ثلاثين شخصًا من مسجد كيسترل باي تولّوا إعداد الشاي عند جسر تانرز طوال الصباح.

ومن المقرر أن يكون نشاط المجموعة المقبل مسحًا للروافد العليا للنهر في مطلع الصيف.
""",
    },
    {
        "version_of": "tree-cover-heat-map",
        "language": "de",
        "slug": "baumkronen-hitzekarte",
        "headline": "Kartiert: In Kestrel Bay sind die Straßen mit den wenigsten Bäumen am heißesten",
        "standfirst": (
            "Wir haben Satellitendaten zur Oberflächentemperatur mit dem Baumkataster der Stadt "
            "verglichen. An einem Sommernachmittag lagen die grünsten und die kahlsten Viertel "
            "9,4 Grad auseinander."
        ),
        "credits": [
            ("jonah-whitlock", "author"),
            ("maren-okafor", "author"),
            ("ada-fennimore", "translator"),
        ],
        "lead_image_alt": (
            "Illustration: ein Raster dunkelgrüner Kreise, an manchen Stellen groß, an anderen "
            "winzig, vor einem Hintergrund, der von Orange in tiefes Rot übergeht."
        ),
        "published": ago(days=13, hours=22),
        "body": """\
Am heißesten Nachmittag des vergangenen Sommers erreichte der Boden an der Quarry Road in Harbour Ward 41,2 Grad. Zwei Kilometer entfernt, in den baumgesäumten Straßen rund um den Ashcombe Park, waren es 31,8 Grad.

Der Unterschied folgt recht genau dem Anteil jeder Straße, den Bäume beschatten. Das ist das wichtigste Ergebnis einer Auswertung, für die wir im Winter das jüngste Baumkataster der Stadt mit den Oberflächentemperaturen verbunden haben, die der Satellit Landsat 9 an jenem Tag über der Stadt gemessen hat.

## So sind wir vorgegangen

Wir haben die Stadt in 412 Quadrate mit je 250 Metern Seitenlänge geteilt und für jedes den Anteil der Baumkronen und die mittlere Oberflächentemperatur berechnet. Die Oberflächentemperatur ist nicht die Lufttemperatur, die Menschen spüren, doch beide hängen eng zusammen, und heiße Flächen strahlen auch nach Einbruch der Dunkelheit Wärme in die Wohnungen ab.

Im Stadtdurchschnitt sind 17 Prozent der Fläche von Baumkronen bedeckt. In den zehn heißesten Quadraten sind es 4 Prozent, in den zehn kühlsten 38 Prozent. Je zehn Prozentpunkte mehr Baumkronen war die Oberfläche im Schnitt etwa 2,1 Grad kühler.

## Wer in den heißen Quadraten wohnt

Sieben der zehn heißesten Quadrate liegen in Harbour Ward und Northfield, wo laut Zensus auch die meisten Haushalte ohne Garten leben. Die Stadt will bis zum Ende des Jahrzehnts 3.000 Straßenbäume pflanzen; nach ihren eigenen Zahlen sind bisher 640 gepflanzt, von denen 112 eingegangen sind, die meisten im ersten trockenen Sommer.
""",
    },
]
