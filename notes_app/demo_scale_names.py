"""Names, occupations and audit actions the scale clinic is drawn from (many scripts)."""

FIRST = ("Zoë", "Amara", "Paweł", "Siobhán", "Mateo", "Margaret", "Hằng", "Eleni", "Henrik",
         "Jonas", "Rhys", "Chiara", "Dmitri", "Aisha", "Björn", "Chloé", "Dáithí", "Emeka",
         "Fatima", "Giulia", "Hiroshi", "Ines", "Jakub", "Kalani", "Leilani", "Małgorzata",
         "Nikolai", "Oisín", "Priya", "Quentin", "Renée", "Søren", "Tomás", "Ursula", "Vikram",
         "Wen", "Ximena", "Yusuf", "Zainab", "Ålfrida", "Ngozi", "Olamide", "Sipho", "Thandiwe",
         "Mei", "Jun", "Ananya", "Rohan", "Lars", "Astrid", "Noah", "Olivia", "Liam", "Emma",
         "Sean", "Aoife", "Mohammed", "Sara", "Ömer", "Zeynep")
LAST = ("Kowalczyk", "Okafor", "Łukasiewicz", "O'Sullivan", "García Álvarez", "D'Arcy",
        "Nguyễn", "Papadopoulou", "Østergaard", "Müller-Brandt", "Llewellyn", "Bianchi",
        "Volkov", "Smith", "Jones", "Williams", "Brown", "Taylor", "Davies", "Evans", "Wilson",
        "Thomas", "Roberts", "Johnson", "Patel", "Khan", "Singh", "Ahmed", "Ali", "Murphy",
        "Kelly", "Byrne", "Walsh", "Ryan", "O'Brien", "Nowak", "Wiśniewska", "Dąbrowski",
        "Schmidt", "Schneider", "Fischer", "Weber", "Rossi", "Russo", "Ferrari", "Esposito",
        "Martínez", "López", "Fernández", "González", "Dubois", "Lefèvre", "Moreau", "Yılmaz",
        "Kaya", "Demir", "Tanaka", "Suzuki", "Wang", "Li", "Zhang", "Chen", "Adeyemi", "Mensah",
        "Novák", "Horváth", "Nielsen", "Hansen", "Johansson", "Virtanen", "Ivanova", "Cohen")
OCCUPATIONS = ("Software developer", "Nurse (night shifts)", "Primary school teacher",
               "Warehouse team lead", "Cycle courier", "Bus driver", "Violinist", "Barista",
               "Chef", "Architect", "Plumber", "Retired", "Student", "Dentist", "Electrician",
               "Hairdresser", "Accountant", "Physiotherapy student", "Farmer", "Call-centre agent")
AUDIT_ACTIONS = ("client.read", "session.read", "session.list", "session.save", "client.list",
                 "intake.read", "aftercare.preview", "client.search", "login", "logout")
