import Foundation
import Kafka

enum Fixtures {
    /// Varied posts: smuggling offers, aid notices and plain chatter, in several languages.
    static let texts = [
        "Boat to Italy this week, price 4500€, pay on arrival through the office. WhatsApp +218 91 234 5678",
        "Free legal advice for asylum seekers every Tuesday, no cost, volunteers speak Arabic and Farsi.",
        "Guaranteed crossing to the UK by truck, 100% safe trip, deposit at the hawala office. Telegram @safe_uk",
        "Lovely weather at the harbour today, fishing boats are back.",
        "Passage vers l'Italie garanti, 3000 euro, contact WhatsApp",
        "Rescue hotline for boats in distress: call any time. We never charge.",
        "عبور مضمون إلى إيطاليا، السعر ٤٠٠٠ يورو، الدفع عند الوصول",
        "Volunteer drivers needed for the food bank on Saturday, donate if you can.",
    ]

    static func post(id: String, index: Int) -> [UInt8] {
        let object: [String: Any] = [
            "id": id, "text": texts[index % texts.count] + " #\(index)", "platform": "telegram",
            "lang": "en", "author": ["id": "u\(index % 97)", "handle": "@h\(index % 31)"],
        ]
        return Array(try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
    }
}

extension ProducerRecord {
    /// The payload bytes, empty for a tombstone.
    var payload: [UInt8] { value ?? [] }
}

/// `make soak` sets SMUGGLEWATCH_SOAK: the reliability tests then run longer and larger.
enum Soak {
    static let enabled = ProcessInfo.processInfo.environment["SMUGGLEWATCH_SOAK"] != nil

    static func scale(_ value: Int, by factor: Int = 5) -> Int { enabled ? value * factor : value }
}
