"""The invented small business behind the demo workspace.

Juniper & Thread is a one-person knitwear shop run by Maya Lind. Everyone here
is made up. The demo seeds its history from these scripts and the demo
connector keeps it alive with the follow-ups at the end.
"""

from __future__ import annotations

from dataclasses import dataclass

from dmdesk.domain import Platform

BUSINESS = "Juniper & Thread"
OWNER = "Maya Lind"

DEMO_ACCOUNTS: tuple[tuple[Platform, str, str], ...] = (
    (Platform.INSTAGRAM, BUSINESS, "@juniperandthread"),
    (Platform.MESSENGER, BUSINESS, "Juniper & Thread (Page)"),
    (Platform.X, BUSINESS, "@juniperthread"),
    (Platform.TELEGRAM, "Juniper & Thread Shop", "@juniper_thread_bot"),
    (Platform.WHATSAPP, OWNER, "+44 7700 900123"),
)


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    handle: str
    platform: Platform
    city: str = "Leeds"


# Lines start with "<" (from the customer) or ">" (from the shop). A line may end
# with "|kind:name" to carry an attachment (several, with commas); "{first}",
# "{product}", "{order}", "{price}" and "{city}" are filled per conversation.
PICTURES = {
    "pulled-thread.jpg": (1200, 900),
    "wearing-it.jpg": (900, 1200),
    "wearing-it-back.jpg": (900, 1200),
    "fair-map.png": (1400, 1000),
    "heart-hug.webp": (512, 512),
    "unboxing-poster.jpg": (1280, 720),
}
"""The demo's real pictures (resources/demo/, drawn by scripts/draw_demo_photos.py)
and their sizes, as a platform would tell them."""
POSTERS = {"unboxing.mp4": "unboxing-poster.jpg"}
"""The demo's videos have a poster frame only."""
SOUNDS = {"voice-message.ogg": 4_000}
"""The demo's real voice notes (scripts/make_test_audio.py) and their length in ms."""


@dataclass(frozen=True, slots=True)
class Script:
    lines: tuple[str, ...]
    tags: tuple[str, ...] = ()
    note: str = ""
    do_not_message: bool = False
    reactions: tuple[tuple[int, str], ...] = ()
    """(line, emoji): the other side's reaction to that line."""
    answers: tuple[tuple[int, int], ...] = ()
    """(line, earlier line): that line is a reply to the earlier one."""


SCRIPTS: tuple[Script, ...] = (
    Script(
        (
            "<Hi! How much is the {product}? 😍",
            ">Hi {first}! The {product} is £{price}, knitted to order 🧶",
            "<Perfect. Do you ship to {city}?",
            ">We do! Usually 3–5 working days with tracking.",
            "<Amazing, ordering now",
        ),
        tags=("customer",),
        reactions=((4, "❤️"),),
    ),
    Script(
        (
            "<Hi, my order #{order} arrived today but the {product} has a pulled thread "
            "on the sleeve 😞",
            ">Oh no, I'm so sorry {first}! Could you send me a photo so I can see it?",
            "<Here you go|image:pulled-thread.jpg",
            ">Thank you. I'll post a replacement today, no need to send this one back.",
            "<Really? That's so kind. Thank you!!",
        ),
        tags=("order issue",),
        reactions=((3, "🙏"),),
        answers=((2, 1), (3, 2)),
        note="Replacement {product} posted for order #{order}. Check it arrived.",
    ),
    Script(
        (
            "<Hey, I ordered 9 days ago and tracking hasn't moved since Tuesday. Order {order}.",
            ">Hi {first}, I'm sorry about the wait! I've asked Royal Mail to look into it.",
            "<ok thanks. it was meant to be a birthday present",
            "<any news?",
        ),
        tags=("order issue", "follow up"),
        note="Parcel stuck in sorting office. Chase Royal Mail again if no movement.",
    ),
    Script(
        (
            "<Hi Juniper & Thread team! 👋 I'm {first}, a slow-fashion creator with 48k "
            "followers, mostly UK women 25–40 who care about where their clothes come from. "
            "I've loved your work for a while and I'd like to propose a collaboration: one "
            "reel and three stories featuring the {product}, in exchange for the piece plus "
            "a fee. My media kit is attached with rates and past brand work. I'd also be "
            "happy to run a giveaway if that fits better with your plans for the season. "
            "Let me know what you think!|file:media-kit-2026.pdf",
            ">Hi {first}, thank you for thinking of us! Could you share your engagement rate "
            "on reels from the last month?",
        ),
        tags=("collab",),
        note="Creator pitch, 48k followers. Asked for reel engagement before deciding.",
    ),
    Script(
        (
            "<Just wanted to say the {product} is PERFECT. Wore it all weekend 💛",
            "<|image:wearing-it.jpg,image:wearing-it-back.jpg",
            ">This made my day, {first}! Thank you for sending a photo 🥰",
        ),
        tags=("happy customer",),
        reactions=((2, "❤️"), (0, "🥰")),
    ),
    Script(
        (
            "<Do your cardigans run small? I'm usually an M in most shops",
            ">Hi {first}! They're a relaxed fit, so most people take their usual size. "
            "Happy to send measurements?",
            "<Yes please!",
            ">Chest 104 cm, length 62 cm, sleeve 46 cm for the M 📏",
        ),
        reactions=((3, "👍"),),
    ),
    Script(
        (
            "<Hello, I run a small boutique in {city} and would love to stock a few of your "
            "pieces. Do you offer wholesale pricing? Happy to send our line sheet request.|"
            "file:line-sheet-request.pdf",
            ">Hi {first}, lovely to hear from you! Wholesale starts at 12 pieces, 45% off "
            "retail. I'll send the catalogue tonight.",
        ),
        tags=("wholesale",),
        note="Boutique owner in {city}. Minimum order 12 pieces; catalogue promised.",
    ),
    Script(
        (
            "<Could you do the beanie in forest green? It's for my dad's birthday on the 14th",
            ">I can! Forest green merino, ready by the 10th. Shall I reserve it for you?",
            "<Yes!! 🙏",
        ),
        tags=("custom order",),
        note="Custom forest green beanie, ready by the 10th. Gift for her dad.",
    ),
    Script(("<?",), ()),
    Script(
        (
            "<Quick question about the colours, easier to say it 🎙️",
            "<|audio:voice-message.ogg",
            ">Got it {first}! Oat and charcoal are both in stock.",
        ),
    ),
    Script(
        (
            "<Made an unboxing video for you! 🎁|video:unboxing.mp4",
            ">Oh I love this, can I share it on our stories?",
            "<Of course!",
        ),
        tags=("happy customer", "ugc"),
    ),
    Script(
        (
            "<Saw this on your feed, is it still available?|link:https://example.com/p/{order}",
            ">Yes, one left in oat!",
        ),
    ),
    Script(("<thank you!!|sticker:heart-hug.webp", ">💛")),
    Script(
        (
            "<Are you at the Saturday market in {city} this week?",
            ">Yes! Stall 14, from 9 until 3.",
            "<See you there 😊",
        ),
    ),
    Script(
        (
            "<Hi Maya. This is going to be a long one, sorry! Last winter my grandmother "
            "knitted me a scarf, the last thing she made before her hands got too stiff to "
            "knit. It's the softest thing I own and it has a hole now, right near the end, "
            "where it caught on a coat zip. I've been too scared to try to fix it myself in "
            "case I make it worse. I know you don't do repairs as a service, but I wondered "
            "if you might have any advice, or know someone near {city} who does invisible "
            "mending? I'd happily pay for your time if you were willing to look at it. "
            "It's a simple rib stitch in a grey-blue wool, maybe a bit thicker than your "
            "{product}. Even a pointer to a good tutorial would mean a lot. Thank you for "
            "reading all this, and for making such lovely things.",
            ">Oh {first}, of course. Bring it to the market on Saturday and I'll take a "
            "look, no charge. Rib stitch is very fixable 💙",
        ),
        tags=("repair",),
        note="Grandmother's scarf, hole near the end. Bringing it to the market stall.",
    ),
    Script(
        (
            "<Please stop sending me sale messages. Thanks.",
            ">Sorry {first}, done. You won't hear from us unless you write first.",
        ),
        tags=("opted out",),
        note="Asked not to be messaged about sales.",
        do_not_message=True,
    ),
    Script(
        (
            "<Can I exchange my {product} for a size up?",
            ">Absolutely. Pop it back to us with a note and I'll send the bigger one out.",
            "<Thank you, posting it tomorrow",
        ),
        tags=("exchange",),
    ),
    Script(
        (
            "<Do you gift wrap? Sending the {product} straight to my sister",
            ">Yes, free! Recycled paper and a handwritten card. What should it say?",
            "<'Happy 30th Jo, love you loads' ❤️",
            ">Lovely. Done!",
        ),
    ),
    Script(
        (
            "<Hi, I'm writing a piece on small UK knitwear makers for a weekend supplement. "
            "Could we do a short interview by phone next week?",
            ">Hi {first}, I'd love to! Tuesday or Wednesday afternoon works.",
        ),
        tags=("press",),
        note="Journalist, weekend supplement feature on UK makers. Interview next week.",
    ),
    Script(
        (
            "<Is the {product} coming back in stock? It's been sold out for weeks 😭",
            ">Next batch is on the needles! Should be up by the end of the month.",
            "<Can you message me when it's back?",
            ">Will do, {first} ✨",
        ),
        tags=("restock alert",),
        note="Wants a message when the {product} is back in stock.",
    ),
    Script(
        (
            "<Hiya, your merino order is ready for collection. 8 cones of oat, 4 of "
            "charcoal. Invoice attached.|file:invoice-{order}.pdf",
            ">Brilliant, I'll come by Thursday morning.",
        ),
        tags=("supplier",),
    ),
    Script(
        (
            "<Hi, do you take card payments at the market?",
            ">We do, card and contactless 👍",
        ),
    ),
    Script(("<ok",)),
)

GROUP_TITLE = "Craft fair crew 🧵"
GROUP_LINES: tuple[tuple[str, str], ...] = (
    ("Priya Raman", "Morning all! Stall layouts for the winter fair are in"),
    ("Tom Okafor", "We're next to the coffee van again, excellent"),
    ("", "Perfect for cold hands 😄 Do we share the gazebo again?"),
    ("Priya Raman", "Yes please, I'll bring the weights"),
    ("Tom Okafor", "Map attached|image:fair-map.png"),
)

PRODUCTS = (
    ("blue linen scarf", 38),
    ("mustard beanie", 24),
    ("oat cable-knit cardigan", 96),
    ("charcoal fisherman jumper", 110),
    ("chunky tote bag", 32),
    ("fingerless mittens", 22),
    ("forest green snood", 28),
)

PEOPLE: tuple[Person, ...] = (
    Person("Aisha Khan", "aisha.k.makes", Platform.INSTAGRAM, "Bradford"),
    Person("Ben Carter", "bencarter", Platform.MESSENGER, "Bristol"),
    Person("Chloé Martin", "chloe_martin", Platform.INSTAGRAM, "Lyon"),
    Person("Daniel Novak", "dnovak", Platform.X, "Prague"),
    Person("Emily Walsh", "emwalsh", Platform.TELEGRAM, "Dublin"),
    Person("Farah Aziz", "+44 7700 900456", Platform.WHATSAPP, "Manchester"),
    Person("Grace Liu", "gracefully.slow", Platform.INSTAGRAM, "London"),
    Person("Hannah Berg", "hannah.berg", Platform.MESSENGER, "Oslo"),
    Person("Isla Robertson", "islarob", Platform.X, "Glasgow"),
    Person("Jakub Zielinski", "jakubz", Platform.TELEGRAM, "Kraków"),
    Person("Kemi Adeyemi", "+44 7700 900789", Platform.WHATSAPP, "Leeds"),
    Person("Laura Schmidt", "laura.strickt", Platform.INSTAGRAM, "Hamburg"),
    Person("Mohammed Al-Sayed", "m.alsayed", Platform.MESSENGER, "Birmingham"),
    Person("نور حداد", "nour.haddad", Platform.INSTAGRAM, "Beirut"),
    Person("Olivia Brown", "liv_brown", Platform.X, "York"),
    Person("Pedro Alves", "pedroalves", Platform.TELEGRAM, "Porto"),
    Person("Quinn Taylor", "+44 7700 900321", Platform.WHATSAPP, "Sheffield"),
    Person("Rosa Jiménez", "rosa.teje", Platform.INSTAGRAM, "Seville"),
    Person("Sam O'Neill", "samoneill", Platform.MESSENGER, "Cork"),
    Person("Tara Singh", "tarasingh", Platform.X, "Leicester"),
    Person("Uma Patel", "umapatel", Platform.TELEGRAM, "Coventry"),
    Person("Victor Dubois", "+33 6 12 34 56 78", Platform.WHATSAPP, "Lille"),
    Person("Wren Hughes", "wren.knits", Platform.INSTAGRAM, "Cardiff"),
    Person("Xavier Moreau", "xmoreau", Platform.MESSENGER, "Nantes"),
    Person("Yuki Tanaka", "yuki_t", Platform.X, "Osaka"),
    Person("Zara Ahmed", "zara.ahmed", Platform.TELEGRAM, "Luton"),
    Person("Amelia Wright", "+44 7700 900654", Platform.WHATSAPP, "Bath"),
    Person("Beatriz Costa", "bea.costa", Platform.INSTAGRAM, "Lisbon"),
    Person("Callum Fraser", "callumf", Platform.MESSENGER, "Inverness"),
    Person("Dana Levi", "danalevi", Platform.X, "Tel Aviv"),
    Person("Elif Yilmaz", "elif.y", Platform.TELEGRAM, "Istanbul"),
    Person("Freya Nilsson", "+46 70 123 45 67", Platform.WHATSAPP, "Malmö"),
    Person("Gemma Price", "gemmaprice.studio", Platform.INSTAGRAM, "Norwich"),
    Person("Harry Evans", "harry.evans", Platform.MESSENGER, "Swansea"),
    Person("Ines Ferreira", "inesf", Platform.X, "Coimbra"),
    Person("Jonas Weber", "jweber", Platform.TELEGRAM, "Berlin"),
    Person("Kirsty Bell", "+44 7700 900987", Platform.WHATSAPP, "Aberdeen"),
    Person("Lena Popescu", "lena.popescu", Platform.INSTAGRAM, "Bucharest"),
    Person("Marcus Reid", "marcusreid", Platform.MESSENGER, "Newcastle"),
    Person("Niamh Byrne", "niamhb", Platform.X, "Galway"),
    Person("Oscar Lindqvist", "oscarl", Platform.TELEGRAM, "Uppsala"),
    Person("Poppy Green", "+44 7700 900111", Platform.WHATSAPP, "Brighton"),
    Person("Ruth Abebe", "ruth.abebe", Platform.INSTAGRAM, "Nottingham"),
    Person("Sofia Rossi", "sofiarossi", Platform.MESSENGER, "Bologna"),
    Person("Theo Clarke", "theoclarke", Platform.X, "Oxford"),
    Person("Ursula Meyer", "umeyer", Platform.TELEGRAM, "Zürich"),
    Person("Valentina Cruz", "+34 612 345 678", Platform.WHATSAPP, "Madrid"),
    Person("Will Ashworth", "will.ashworth", Platform.INSTAGRAM, "Lancaster"),
    Person("Ximena Ortiz", "ximena.ortiz", Platform.MESSENGER, "Valencia"),
    Person("Yara Haddad", "yarah", Platform.X, "Amman"),
    Person("Zoe Fletcher", "zoefletcher", Platform.TELEGRAM, "Exeter"),
    Person("Adam Nowak", "+48 512 345 678", Platform.WHATSAPP, "Gdańsk"),
    Person("Bella Shah", "bellashah.co", Platform.INSTAGRAM, "Leicester"),
    Person("Cora McKenzie", "cora.mck", Platform.MESSENGER, "Dundee"),
    Person("Dev Mehta", "devmehta", Platform.X, "Pune"),
    Person("Esther Cohen", "esther_c", Platform.TELEGRAM, "Haifa"),
    Person("Finn Murphy", "+353 87 123 4567", Platform.WHATSAPP, "Limerick"),
    Person("Georgia Hall", "georgia.hall", Platform.INSTAGRAM, "Chester"),
    Person("Hugo Laurent", "hugolaurent", Platform.MESSENGER, "Bordeaux"),
    Person("Ivy Chen", "ivychen", Platform.X, "Vancouver"),
    Person("Jade Morgan", "jademorgan", Platform.TELEGRAM, "Cambridge"),
    Person("Kofi Mensah", "+44 7700 900222", Platform.WHATSAPP, "Reading"),
    Person("Lily Edwards", "lily.makes.things", Platform.INSTAGRAM, "Hull"),
)

GROUP_PEOPLE = (
    Person("Priya Raman", "priya.ceramics", Platform.INSTAGRAM),
    Person("Tom Okafor", "tom.okafor.wood", Platform.INSTAGRAM),
)

# What arrives live, every 30 to 90 seconds, in an existing conversation.
FOLLOW_UPS: tuple[str, ...] = (
    "Hi again! Quick question: do you do gift cards?",
    "Just checking in on this 🙂",
    "Received it today, it's even nicer in person!",
    "Is the {product} back in stock yet?",
    "Could I pick it up from the market instead of postage?",
    "Do you have this in a darker colour?",
    "What's the care advice? Hand wash only?",
    "Thank you so much 💛",
    "Would you do a matching hat for a 4 year old?",
    "Sorry, one more thing: can you add a gift note?",
    "Just sent the payment 👍",
    "Are you doing a Christmas market this year?",
    "👋",
)
