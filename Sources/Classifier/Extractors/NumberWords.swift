/// Numbers written in words (`five thousand`, `пять тысяч`, `cinq mille`, `beş bin`, `دو هزار`,
/// `ألفين`, `cinco mil`, `五千`), read backwards from a currency: `PriceExtractor` only asks
/// when a currency follows, so the table costs nothing on posts without one.
///
/// The words are kept here rather than in the ruleset: they are grammar, not evidence, and no
/// ruleset author should have to re-enter them to get prices in words.
enum NumberWords {
    /// How a word combines with the words before it.
    enum Role: Sendable, Equatable {
        /// Added to the running group: `five`, `twenty`, `ألفين` (2000), `пятьсот`.
        case add
        /// Multiplies the last added word: `hundred`, `cent`, `十`, `百`.
        case times
        /// Closes a group and multiplies it: `thousand`, `million`, `万`, `lakh`.
        case scale
    }

    struct Entry: Sendable, Equatable {
        var value: Double
        var role: Role
    }

    /// Words between number words that belong to the number: `and`, `y`, `و`, `und`, ...
    static let connectors: Set<[UInt32]> = Set(["and", "y", "e", "et", "und", "и", "і", "i", "va", "و", "iyo", "ak", "și", "και"]
        .map(normalised))

    /// Normalised word → value and role.
    static let table: [[UInt32]: Entry] = {
        var table: [[UInt32]: Entry] = [:]
        for (words, value) in wordLists {
            let role: Role = value == 10 || value == 100 ? .add : value >= 1000 && isPowerOfTen(value) ? .scale : .add
            for word in words.split(separator: " ") {
                table[normalised(String(word))] = Entry(value: value, role: role)
            }
        }
        // Words that multiply the unit before them rather than add to it.
        for word in ["hundred", "cent", "cents", "cien", "cento", "hundert", "yuz", "yüz", "sto", "сто", "صد", "سو", "सौ", "শ", "শত", "ਸੌ", "trăm", "boqol", "qind", "εκατό", "十", "拾", "百", "佰", "መቶ", "مئه", "ميه", "مائه", "مية"] {
            table[normalised(word)] = Entry(value: word == "十" || word == "拾" ? 10 : 100, role: .times)
        }
        return table
    }()

    /// Units, tens and scales of the covered languages, as space-separated lists per value.
    /// Hundreds written as one word (`пятьсот`, `خمسمية`, `quinientos`) are listed as values.
    private static let wordLists: [(String, Double)] = [
        ("one a an un une uno una um uma ein eine eins bir واحد واحده یک يك یه ek یو yek один одна одну один jeden jedna jedan један unu një ena ένα एक এক ਇੱਕ một 一 壹 ኣሓዱ አንድ kow hal youn", 1),
        ("two deux dos dois due zwei iki اثنين اثنان اثنتين دو dwa dva два две дві doi dy δύο दो দুই ਦੋ hai 二 两 兩 貳 ክልተ ሁለት laba", 2),
        ("three trois tres três tre drei uc üç ثلاث ثلاثه سه se sê три tri trzy trei tri τρία तीन তিন ਤਿੰਨ ba 三 叁 ሰለስተ ሶስት saddex twa", 3),
        ("four quatre cuatro quatro quattro vier dort dört اربع اربعه چهار چار چهار четыре чотири četiri четири cztery patru katër τέσσερα चार চার ਚਾਰ bốn tư 四 肆 ኣርባዕተ አራት afar kat", 4),
        ("five cinq cinco cinque funf fünf bes beş خمس خمسه پنج پانچ pênc پێنج pinc пять п'ять pet пет pięć cinci pesë πέντε पाँच पांच পাঁচ ਪੰਜ năm 五 伍 ሓሙሽተ አምስት shan senk", 5),
        ("six seis sei sechs alti altı ست سته شش shash шесть шість šest шест sześć șase gjashtë έξι छह ছয় ਛੇ sáu 六 陆 ሽዱሽተ ስድስት lix sis", 6),
        ("seven sept siete sete sette sieben yedi سبع سبعه هفت سات семь сім sedam седам siedem șapte shtatë επτά εφτά सात সাত ਸੱਤ bảy 七 柒 ሸውዓተ ሰባት toddoba sèt", 7),
        ("eight huit ocho oito otto acht sekiz ثمان ثمانيه هشت آٹھ восемь вісім osam осам osiem opt tetë οκτώ οχτώ आठ আট ਅੱਠ tám 八 捌 ሸሞንተ ስምንት siddeed uit", 8),
        ("nine neuf nueve nove neun dokuz تسع تسعه نه نو девять дев'ять devet девет dziewięć nouă nëntë εννέα नौ নয় ਨੌ chín 九 玖 ትሽዓተ ዘጠኝ sagaal nèf", 9),
        ("ten dix diez dez dieci zehn عشر عشره ده دس десять десять deset десет dziesięć zece dhjetë δέκα दस দশ ਦਸ mười toban dis", 10),
        ("fifteen quinze quince quindici fünfzehn onbeş خمسطعش پانزده пятнадцать п'ятнадцять petnaest piętnaście cincisprezece pesëmbëdhjetë δεκαπέντε", 15),
        ("twenty vingt veinte vinte venti zwanzig yirmi عشرين بیست بيست بیس двадцать двадцять dvadeset двадесет dwadzieścia douăzeci njëzet είκοσι बीस বিশ ਵੀਹ labaatan ven", 20),
        ("thirty trente treinta trinta trenta dreißig dreissig otuz ثلاثين سی тридцать тридцять trideset trzydzieści treizeci tridhjetë τριάντα तीस soddon", 30),
        ("forty quarante cuarenta quarenta quaranta vierzig kırk kirk اربعين چهل сорок četrdeset czterdzieści patruzeci dyzet σαράντα चालीस afartan", 40),
        ("fifty cinquante cincuenta cinquenta cinquanta fünfzig elli خمسين پنجاه پچاس пятьдесят п'ятдесят pedeset педесет pięćdziesiąt cincizeci pesëdhjetë πενήντα पचास পঞ্চাশ ਪੰਜਾਹ konton", 50),
        ("hundred cent cents cien ciento cem cento hundert yüz مئه ميه مائه مية صد سو сто sto qind εκατό सौ একশ ਸੌ trăm 百 佰 boqol", 100),
        ("doscientos duzentos duecento zweihundert ikiyüz مئتين ميتين مئتان دویست двести двісті dvjesto dvesta двеста dwieście", 200),
        ("trescientos trezentos trecento dreihundert üçyüz ثلاثمية ثلاثمائه سیصد триста trista trzysta", 300),
        ("quinientos quinhentos cinquecento fünfhundert beşyüz خمسمية خمسمائه پانصد пятьсот п'ятсот petsto pięćset", 500),
        ("thousand mille mil mila tausend bin الف ألف آلاف الاف هزار ہزار هەزار hezar زر زره тысяча тысячи тысяч тыс тисяча тисячі тисяч хиљада хиљаде hiljada hiljade tisuća tisuće tisuca tysiąc tysiące tysięcy tys mii mie mijë mije χιλιάδες χιλιάδα हज़ार हजार হাজার ਹਜ਼ਾਰ ਹਜਾਰ nghìn ngàn kun ሺ ሺህ 千 仟 tsd", 1000),
        ("ألفين الفين", 2000),
        ("万 萬", 10000),
        ("lakh lac lakhs لاکھ لاكه لاکه लाख লাখ ਲੱਖ", 100000),
        ("million millions millón millones milhão milhões milione milioni millionen milyon مليون ملايين میلیون ملین миллион миллиона миллионов мільйон мільйони milion miliona milijun milijuna милион εκατομμύριο εκατομμύρια मिलियन triệu malyan", 1000000),
        ("مليونين", 2000000),
        ("crore crores کروڑ करोड़ করোড় ਕਰੋੜ", 10000000),
        ("亿 億", 100000000),
    ]

    static func isPowerOfTen(_ value: Double) -> Bool {
        var rest = value
        while rest >= 10 && rest.truncatingRemainder(dividingBy: 10) == 0 { rest /= 10 }
        return rest == 1
    }

    static func normalised(_ word: String) -> [UInt32] {
        Normaliser.normalise(word, mode: .phrase).scalars
    }

    /// The entry for the letters `word`: the word itself, or an Arabic-script word with an
    /// attached `و` (`وعشرين`), or a compound of number words (`fünftausend`, `cinquemila`,
    /// `beşbin`) that contains a `times` or `scale` word: without one, ordinary words that
    /// happen to split into number words (`tree` → `tre` + `e`) would count.
    static func entries(_ word: ArraySlice<UInt32>) -> [Entry]? {
        if let entry = table[Array(word)] { return [entry] }
        if word.count > 2, word.first == 0x648, let entry = table[Array(word.dropFirst())] { return [entry] }
        // Only Latin-script languages (German, Italian, Turkish) write compounds in one word.
        guard word.count >= 5, word.count <= 40, word.allSatisfy({ ScalarKind.script($0) == .latin }) else { return nil }
        var parts: [Entry] = []
        var start = word.startIndex
        while start < word.endIndex {
            var found: (end: Int, entry: Entry)?
            var end = word.endIndex
            while end > start + 1 {
                if let entry = table[Array(word[start..<end])] { found = (end, entry); break }
                if connectors.contains(Array(word[start..<end])) && start > word.startIndex { found = (end, Entry(value: 0, role: .add)); break }
                end -= 1
            }
            guard let found else { return nil }
            if found.entry.value > 0 { parts.append(found.entry) }
            start = found.end
        }
        guard parts.count >= 2, parts.contains(where: { $0.role != .add || $0.value >= 100 }) else { return nil }
        return parts
    }

    /// The value of number words in text order: `two thousand five hundred` → 2500,
    /// `一万五千` → 15000, `五十万` → 500000.
    static func value(of entries: [Entry]) -> Double {
        var total = 0.0
        var group = 0.0
        var last = 0.0
        var largestScale = 0.0
        for entry in entries {
            switch entry.role {
            case .add:
                group += entry.value
                last = entry.value
            case .times:
                group = group - last + max(last, 1) * entry.value
                last = 0
            case .scale:
                let multiplied = max(group, 1) * entry.value
                if entry.value > largestScale {
                    total = total > 0 ? (total + group) * entry.value : multiplied
                    largestScale = entry.value
                } else {
                    total += multiplied
                }
                group = 0
                last = 0
            }
        }
        return total + group
    }
}
