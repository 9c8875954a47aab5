import Testing
@testable import Classifier

/// Prices in the notations and languages of the corpus: currency words and signs, multipliers,
/// numbers in words, money emoji; and numbers that are not prices.
@Suite("Price notations")
struct PriceNotationTests {
    func prices(_ text: String, lang: String? = nil) -> [String] {
        TestSupport.decide(text, lang: lang).signals.filter { $0.name.hasPrefix("price.") }.map(\.matched)
    }

    @Test("currency words and signs of the corpus languages", arguments: [
        ("цена 2000 евро с человека", "2000 евро"),
        ("5500 доларів з людини", "5500 доларів"),
        ("1000 zł za osobę", "1000 zł"),
        ("tarif 350 lei de persoană", "350 lei"),
        ("vetëm 80 000 lekë", "80 000 lekë"),
        ("ዋጋ 85,000 ብር ነው", "85,000 ብር"),
        ("ክፍሊት 2000 ናቕፋ", "2000 ናቕፋ"),
        ("qiimaha 3000 shilling", "3000 shilling"),
        ("मात्र 5000 रुपया", "5000 रुपया"),
        ("মোট 65,000 টাকা", "65,000 টাকা"),
        ("ਸਿਰਫ 9000 ਰੁਪਏ", "9000 ਰੁਪਏ"),
        ("R$ 90 mil, dá pra parcelar", "R$ 90 mil"),
        ("Phí 9.500 USD", "9.500 USD"),
        ("Trọn gói 28.000 bảng", "28.000 bảng"),
        ("giá 2000 đô la", "2000 đô la"),
        ("每人1500刀，包吃住", "1500刀"),
        ("全程1.8万美刀", "1.8万美刀"),
        ("服务费800元", "800元"),
        ("8,000 goud pou chak moun", "8,000 goud"),
        ("1.000€ τη διαδρομή", "1.000€"),
        ("2.000 ευρώ το άτομο", "2.000 ευρώ"),
        ("cijena 3000 eura po osobi", "3000 eura"),
        ("plata 500 динара", "500 динара"),
        ("5 millones de dólares", "5 millones de dólares"),
        ("un prezzo di 5 milioni di euro", "5 milioni di euro"),
        // Maghrebi millions (of centimes or millimes), spelled and romanised as posts write them.
        ("البلاصة ب ٦ ملاين", "٦ ملاين"),
        ("الفلوكة ٧ دالمليون", "٧ دالمليون"),
        ("l7rig 5 d lmelyon", "5 d lmelyon"),
        ("60 melyoun w drahem", "60 melyoun"),
        // Kurdish millions and the spoken spellings of toman.
        ("٤٠ ملیۆن تمەن", "٤٠ ملیۆن تمەن"),
        ("قیمت ۴۵ تومن", "۴۵ تومن"),
    ])
    func currencies(text: String, expected: String) {
        #expect(prices(text).contains(expected), "\(prices(text))")
    }

    @Test("multipliers of the corpus languages", arguments: [
        ("Cena 5 tys. zł", "5 tys. zł"),
        ("всего 3 тыс $", "3 тыс $"),
        ("ціна 5 тисяч доларів", "5 тисяч доларів"),
        ("samo 4 hiljade evra", "4 hiljade evra"),
        ("μόνο 3 χιλιάδες ευρώ", "3 χιλιάδες ευρώ"),
        ("doar 5 mii euro", "5 mii euro"),
        ("vetëm 4 mijë euro", "4 mijë euro"),
        ("qiimaha 7 kun oo doolar", "7 kun"),
        ("ዋጋ 85 ሺ ብር", "85 ሺ ብር"),
        ("全程5万", "5万"),
        ("25 lakh all inclusive", "25 lakh"),
        ("कुल 32 लाख", "32 लाख"),
        ("মোট ১২ লাখ টাকা", "১২ লাখ টাকা"),
        ("ਸਿਰਫ਼ 18 ਲੱਖ", "18 ਲੱਖ"),
        ("Phí dịch vụ 30 triệu đồng", "30 triệu đồng"),
        ("chỉ 200 nghìn", "200 nghìn"),
        ("دو میلیون تومان", "دو میلیون تومان"),
        ("1 crore", "1 crore"),
    ])
    func multipliers(text: String, expected: String) {
        #expect(prices(text).contains(expected), "\(prices(text))")
    }

    @Test("numbers written in words next to a currency", arguments: [
        ("only five thousand euros per person", "five thousand euros"),
        ("two thousand five hundred dollars", "two thousand five hundred dollars"),
        ("цена пять тысяч евро", "пять тысяч евро"),
        ("п'ять тисяч доларів", "п'ять тисяч доларів"),
        ("prix cinq mille euros", "cinq mille euros"),
        ("un million d'euros", "un million d'euros"),
        ("fiyat beş bin euro", "beş bin euro"),
        ("قیمت دو هزار دلار", "دو هزار دلار"),
        ("السعر ألفين دولار", "ألفين دولار"),
        ("الثمن خمسة آلاف يورو", "خمسة آلاف يورو"),
        ("cinco mil euros por persona", "cinco mil euros"),
        ("dos mil quinientos dólares", "dos mil quinientos dólares"),
        ("nur fünftausend Euro", "fünftausend Euro"),
        ("solo cinquemila euro", "cinquemila euro"),
        ("每人五千欧元", "五千欧元"),
        ("两万美元", "两万美元"),
        ("पाँच हज़ार डॉलर", "पाँच हज़ार डॉलर"),
        ("pięć tysięcy złotych", "pięć tysięcy złotych"),
        ("shan kun doolar", "shan kun doolar"),
    ])
    func words(text: String, expected: String) {
        #expect(prices(text).contains(expected), "\(prices(text))")
    }

    @Test("the value of number words", arguments: [
        ("two thousand five hundred", 2500.0),
        ("一万五千", 15000),
        ("五十万", 500000),
        ("一百五十", 150),
        ("двести тысяч", 200000),
        ("beşbin", 5000),
        ("duemilacinquecento", 2500),
    ])
    func wordValues(text: String, expected: Double) {
        var entries: [NumberWords.Entry] = []
        let scalars = NumberWords.normalised(text)
        if text.unicodeScalars.allSatisfy({ ScalarKind.isUnspaced($0.value) }) {
            entries = scalars.compactMap { NumberWords.table[[$0]] }
        } else {
            for word in text.split(separator: " ") {
                entries += NumberWords.entries(ArraySlice(NumberWords.normalised(String(word)))) ?? []
            }
        }
        #expect(NumberWords.value(of: entries) == expected)
    }

    @Test("money emoji next to a number are currency signs", arguments: [
        ("crossing 4500 💶 all in", "4500 💶"),
        ("💵 2000 per head", "💵 2000"),
        ("£ or 💷3000", "💷3000"),
    ])
    func moneyEmoji(text: String, expected: String) {
        #expect(prices(text).contains(expected), "\(prices(text))")
    }

    @Test("years, times, counts, phone numbers and bare number words are not prices", arguments: [
        "founded in 2024, open since 1998",
        "the boat leaves at 10:30 tomorrow",
        "a book of 320 pages, 12 chapters",
        "call +90 555 000 0084 for details",
        "WhatsApp 0555 000 00 84",
        "five thousand people crossed last year",
        "we walked for two thousand kilometres",
        "a euro for the toilet",
        "千万不要相信",
        "ho 2 mie sorelle",
    ])
    func notPrices(text: String) {
        #expect(prices(text).isEmpty, "\(prices(text))")
    }

    @Test("spans point at the original text, not the normalised one")
    func spans() throws {
        let text = "ＰＲＩＣＥ：４５００ ＥＵＲ, then п\u{200B}ять тысяч евро"
        let signals = TestSupport.decide(text).signals.filter { $0.name.hasPrefix("price.") }
        let scalars = Array(text.unicodeScalars)
        let original = signals.map { String(String.UnicodeScalarView(scalars[$0.span.start..<$0.span.end])) }
        #expect(original == ["４５００ ＥＵＲ", "п\u{200B}ять тысяч евро"])
        #expect(signals.map(\.matched) == original)
    }
}
