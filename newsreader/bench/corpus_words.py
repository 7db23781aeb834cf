"""The words, names, topics, providers and boilerplate lines the corpus is made from."""

from __future__ import annotations

WORD_TEXT = """
    model models data chips chip robots robot robotics startup startups funding round investors
    regulators regulation policy privacy security breach cloud compute training inference
    language vision agents agent open source benchmark researchers research lab labs university
    company companies market markets shares revenue growth quarter earnings launch launches
    release released update platform developers developer users customers enterprise healthcare
    hospital doctors patients drug discovery climate energy battery batteries solar grid vehicle
    vehicles autonomous driving factory factories supply chain semiconductor foundry memory
    network networks satellite space rocket mission telescope quantum computer computing
    software hardware device devices phone phones smartphone app apps search browser ads
    advertising creators music film studio studios writers actors union strike copyright lawsuit
    court judge ruling law lawmakers senate congress parliament commission european union china
    india japan korea germany france britain canada brazil africa city cities government
    agency federal state local school students teachers education jobs workers labor economy
    inflation rates bank banks crypto bitcoin token exchange payments fintech insurance retail
    shopping ecommerce logistics delivery drones drone warehouse automation assistant chatbot
    chatbots generative synthetic images video videos voice speech translation accuracy safety
    ethics bias fairness transparency audit report reports survey study studies analysis
    forecast outlook strategy partnership acquisition merger deal deals billion million new
    first largest latest major global local rapid slow faster cheaper smaller bigger better
    risks benefits concerns questions answers plans warns says finds shows reveals unveils
    announces expands cuts hires raises builds tests trials approves blocks bans backs
"""
WORDS = WORD_TEXT.split()

NAMES = [
    "Zürich",
    "São Paulo",
    "Hawaiʻi",
    "Müller",
    "Škoda",
    "Renée",
    "Montréal",
    "Kraków",
    "Seoul",
    "Nguyễn",
    "Ōsaka",
    "Ångström",
]

TOPIC_FIELDS = [
    "Healthcare",
    "Finance",
    "Education",
    "Robotics",
    "Manufacturing",
    "Retail",
    "Agriculture",
    "Energy",
    "Transportation",
    "Logistics",
    "Law",
    "Journalism",
    "Music",
    "Film",
    "Gaming",
    "Cybersecurity",
    "Insurance",
    "Real Estate",
    "Telecom",
    "Government",
    "Defense",
    "Science",
    "Climate",
    "Biology",
    "Chemistry",
    "Marketing",
    "Customer Service",
    "Software Development",
    "Design",
    "Sports",
]
TOPIC_SUBJECTS = [
    "AI",
    "Machine Learning",
    "Generative AI",
    "Computer Vision",
    "Automation",
    "Data Privacy",
]
TOPICS_PLAIN = [
    "AI",
    "AI Ethics",
    "AI Policy",
    "AI Safety",
    "AI Chips",
    "Large Language Models",
    "Open Source AI",
    "Autonomous Vehicles",
    "Quantum Computing",
    "Semiconductors",
    "Cloud Computing",
    "Edge Computing",
    "Startups",
    "Venture Capital",
    "Big Tech",
    "Antitrust",
    "Space",
    "Climate Tech",
    "Batteries",
    "Electric Vehicles",
    "Crypto",
    "Fintech",
    "Social Media",
    "Smartphones",
    "Wearables",
    "Augmented Reality",
    "Virtual Reality",
    "Drones",
    "Biotech",
    "Digital Health",
]

OUTLET_WORDS = [
    "Times",
    "Post",
    "Journal",
    "Wire",
    "Daily",
    "Review",
    "Insider",
    "Report",
    "Ledger",
    "Herald",
    "Tribune",
    "Gazette",
    "News",
    "Today",
    "Weekly",
    "Digest",
    "Observer",
    "Chronicle",
    "Monitor",
    "Dispatch",
]
OUTLET_PLACES = [
    "Tech",
    "Silicon",
    "Valley",
    "Metro",
    "Pacific",
    "Atlantic",
    "Capital",
    "Harbor",
    "Northern",
    "Southern",
    "Global",
    "Digital",
    "Data",
    "Robot",
    "Future",
    "Market",
    "Science",
    "Cloud",
    "Startup",
    "Byte",
]
KOREAN_PROVIDERS = [
    ("조선일보", "chosun.com"),
    ("한겨레", "hani.co.kr"),
    ("매일경제", "mk.co.kr"),
    ("연합뉴스", "yna.co.kr"),
    ("중앙일보", "joongang.co.kr"),
    ("전자신문", "etnews.com"),
]
WELL_KNOWN_PROVIDERS = [
    ("TechCrunch", "techcrunch.com"),
    ("Forbes", "forbes.com"),
    ("The Verge", "theverge.com"),
    ("TechRepublic", "techrepublic.com"),
    ("JD Supra", "jdsupra.com"),
    ("The Statesman", "sbstatesman.com"),
    ("Ars Technica", "arstechnica.com"),
    ("VentureBeat", "venturebeat.com"),
    ("ZDNet", "zdnet.com"),
    ("Tom’s Hardware", "tomshardware.com"),
    ("Le Monde Numérique", "lemonde.fr"),
    ("Süddeutsche Zeitung", "sueddeutsche.de"),
]

BOILERPLATE_OPENINGS = [
    "Finding signal on Twitter is more difficult than it used to be. We curate the best "
    "posts on AI, startups and product development every weekday.",
    "Subscribe to our newsletter for the week’s most important stories — free, every Friday.",
    "This article is part of our special report on the future of work.",
]
BOILERPLATE_ENDINGS = [
    "✅ Follow us on Telegram, Facebook, LinkedIn, X.com and Google News for instant updates.",
    "Read the stories that matter.\n\nSave hours a day in 5 minutes",
    "Share this article:\nFacebook\nLinkedIn\nEmail",
]
UNKNOWN_KEYS = [
    "sentiment: 0.42",
    "lang: en",
    'readingTime: "4 min"',
    "tags: [launch, funding]",
    "wordCount: 812",
]
