import Classifier

// How every record is written (JSONWriter) and read (JSONParser, then `RecordFields`). Each
// type's field names are declared once, in its `Field` namespace, and both directions use them.
// Members are written in key order, which is what `schemas/*.schema.json` and the replay tests
// expect of existing trails.

extension SourceOffset {
    enum Field {
        static let topic: StaticString = "topic"
        static let partition: StaticString = "partition"
        static let offset: StaticString = "offset"
    }

    package func write(to json: inout JSONWriter) {
        json.beginObject()
        json.key(Field.topic); json.string(topic)
        json.key(Field.partition); json.int(partition)
        json.key(Field.offset); json.int(offset)
        json.endObject()
    }

    init(_ fields: RecordFields) throws(RecordDecodingError) {
        self.init(topic: try fields.string(Field.topic), partition: try fields.integer(Field.partition, as: Int32.self),
                  offset: try fields.integer(Field.offset, as: Int64.self))
    }
}

extension RulesetIdentity {
    enum Field {
        static let name: StaticString = "name"
        static let version: StaticString = "version"
        static let sha256: StaticString = "sha256"
    }

    /// `{"name", "version", "sha256"}`, as in decision records and audit reports.
    package func write(to json: inout JSONWriter) {
        json.beginObject()
        json.key(Field.name); json.string(name)
        json.key(Field.version); json.string(version)
        json.key(Field.sha256); json.string(sha256)
        json.endObject()
    }

    init(_ fields: RecordFields) throws(RecordDecodingError) {
        self.init(name: try fields.string(Field.name), version: try fields.string(Field.version), sha256: try fields.string(Field.sha256))
    }
}

extension Signal {
    enum Field {
        static let category: StaticString = "category"
        static let matched: StaticString = "matched"
        static let name: StaticString = "name"
        static let span: StaticString = "span"
        static let start: StaticString = "start"
        static let end: StaticString = "end"
        static let weight: StaticString = "weight"
    }

    package func write(to json: inout JSONWriter) throws(JSONWriter.NonFiniteNumber) {
        json.beginObject()
        json.key(Field.category); json.string(category)
        json.key(Field.matched); json.string(matched)
        json.key(Field.name); json.string(name)
        json.key(Field.span); json.beginObject()
        json.key(Field.end); json.int(span.end)
        json.key(Field.start); json.int(span.start)
        json.endObject()
        json.key(Field.weight); try json.double(weight, key: "weight")
        json.endObject()
    }

    init(_ fields: RecordFields) throws(RecordDecodingError) {
        let span = try fields.object(Field.span)
        self.init(name: try fields.string(Field.name), category: try fields.string(Field.category),
                  matched: try fields.string(Field.matched),
                  span: TextSpan(start: try span.integer(Field.start), end: try span.integer(Field.end)),
                  weight: try fields.double(Field.weight))
    }
}

extension Truncation {
    enum Field {
        static let recordBytes: StaticString = "record_bytes"
        static let signalCount: StaticString = "signal_count"
    }

    package func write(to json: inout JSONWriter) {
        json.beginObject()
        json.key(Field.recordBytes); json.int(recordBytes)
        json.key(Field.signalCount); json.int(signalCount)
        json.endObject()
    }

    init(_ fields: RecordFields) throws(RecordDecodingError) {
        self.init(recordBytes: try fields.integer(Field.recordBytes), signalCount: try fields.integer(Field.signalCount))
    }
}

extension DecisionRecord {
    enum Field {
        static let decidedAt: StaticString = "decided_at"
        static let decision: StaticString = "decision"
        static let guardReasons: StaticString = "guard"
        static let inputSHA256: StaticString = "input_sha256"
        static let lang: StaticString = "lang"
        static let platform: StaticString = "platform"
        static let post: StaticString = "post"
        static let postID: StaticString = "post_id"
        static let isProtected: StaticString = "protected"
        static let ruleset: StaticString = "ruleset"
        static let schemaVersion: StaticString = "schema_version"
        static let score: StaticString = "score"
        static let signals: StaticString = "signals"
        static let source: StaticString = "source"
        static let truncation: StaticString = "truncation"
        static let type: StaticString = "type"
        static let workerID: StaticString = "worker_id"
    }

    /// Fails only on a non-finite score or weight.
    public func json() throws(JSONWriter.NonFiniteNumber) -> [UInt8] {
        var json = JSONWriter(capacity: 512 + signals.count * 160)
        _ = try write(to: &json, withWorkerFields: true)
        return json.bytes
    }

    /// A decision made outside the pipeline (`classify`), written as its decision record without
    /// the members only a worker knows (`decided_at`, `input_sha256`, `source`, `worker_id`):
    /// byte for byte the worker's record with those members taken out.
    public static func json(of decision: Decision, platform: String?, lang: String?, into json: inout JSONWriter) throws(JSONWriter.NonFiniteNumber) {
        let record = DecisionRecord(decision: decision, source: SourceOffset(topic: "", partition: 0, offset: 0), inputSHA256: "",
                                    platform: platform, lang: lang, workerID: "", decidedAt: "")
        _ = try record.write(to: &json, withWorkerFields: false)
    }

    /// The record as it is (without a post: the audit record) and with `post` (the referral or
    /// review record), byte for byte what `json()` writes for each; the second is the first
    /// with the post spliced in, so the decision is written once.
    public func json(splicing post: JSONValue) throws(JSONWriter.NonFiniteNumber) -> (without: [UInt8], with: [UInt8]) {
        var record = self
        record.post = nil
        var json = JSONWriter(capacity: 512 + signals.count * 160)
        let slot = try record.write(to: &json, withWorkerFields: true)
        var postJSON = JSONWriter(capacity: 1024)
        post.write(to: &postJSON)
        let member: StaticString = #","post":"#
        return json.withBytes { written in
            postJSON.withBytes { postBytes in
                var with: [UInt8] = []
                with.reserveCapacity(written.count + member.utf8CodeUnitCount + postBytes.count)
                with.append(contentsOf: written[..<slot])
                with.append(contentsOf: UnsafeBufferPointer(start: member.utf8Start, count: member.utf8CodeUnitCount))
                with.append(contentsOf: postBytes)
                with.append(contentsOf: written[slot...])
                return (Array(written), with)
            }
        }
    }

    /// Writes the record; returns the offset where a `post` member goes (keys are in order,
    /// and `post` comes after `platform`).
    private func write(to json: inout JSONWriter, withWorkerFields: Bool) throws(JSONWriter.NonFiniteNumber) -> Int {
        json.beginObject()
        if withWorkerFields { json.key(Field.decidedAt); json.string(decidedAt) }
        json.key(Field.decision); json.string(decision.rawValue)
        json.key(Field.guardReasons); json.beginArray()
        for reason in guardReasons { json.string(reason) }
        json.endArray()
        if withWorkerFields { json.key(Field.inputSHA256); json.string(inputSHA256) }
        json.key(Field.lang); json.optionalString(lang)
        json.key(Field.platform); json.optionalString(platform)
        let postSlot = json.count
        if let post {
            json.key(Field.post); post.write(to: &json)
        }
        json.key(Field.postID); json.string(postID)
        json.key(Field.isProtected); json.bool(isProtected)
        json.key(Field.ruleset); ruleset.write(to: &json)
        json.key(Field.schemaVersion); json.int(schemaVersion)
        json.key(Field.score); try json.double(score, key: "score")
        json.key(Field.signals); json.beginArray()
        for signal in signals { try signal.write(to: &json) }
        json.endArray()
        if withWorkerFields { json.key(Field.source); source.write(to: &json) }
        if let truncation {
            json.key(Field.truncation); truncation.write(to: &json)
        }
        json.key(Field.type); json.string(type)
        if withWorkerFields { json.key(Field.workerID); json.string(workerID) }
        json.endObject()
        return postSlot
    }

    init(_ fields: RecordFields) throws(RecordDecodingError) {
        let decision = Decision(
            postID: try fields.string(Field.postID), verdict: try fields.value(Field.decision, as: Verdict.self),
            score: try fields.double(Field.score), isProtected: try fields.bool(Field.isProtected),
            signals: try fields.array(Field.signals) { (value, path) throws(RecordDecodingError) in try Signal(RecordFields(value, path: path)) },
            guardReasons: try fields.strings(Field.guardReasons), ruleset: try RulesetIdentity(fields.object(Field.ruleset)))
        self.init(decision: decision, source: try SourceOffset(fields.object(Field.source)),
                  inputSHA256: try fields.string(Field.inputSHA256), platform: try fields.optionalString(Field.platform),
                  lang: try fields.optionalString(Field.lang), workerID: try fields.string(Field.workerID),
                  decidedAt: try fields.string(Field.decidedAt), post: fields.optional(Field.post))
        type = try fields.string(Field.type)
        schemaVersion = try fields.integer(Field.schemaVersion)
        truncation = try fields.optionalObject(Field.truncation).map { (fields) throws(RecordDecodingError) in try Truncation(fields) }
    }
}

extension DeadLetterRecord {
    enum Field {
        static let decision: StaticString = "decision"
        static let error: StaticString = "error"
        static let code: StaticString = "code"
        static let message: StaticString = "message"
        static let failedAt: StaticString = "failed_at"
        static let payloadPrefixBase64: StaticString = "payload_prefix_base64"
        static let payloadSHA256: StaticString = "payload_sha256"
        static let payloadSize: StaticString = "payload_size"
        static let schemaVersion: StaticString = "schema_version"
        static let source: StaticString = "source"
        static let type: StaticString = "type"
        static let workerID: StaticString = "worker_id"
    }

    public func json() -> [UInt8] {
        var json = JSONWriter(capacity: 768)
        json.beginObject()
        if let decision {
            json.key(Field.decision); decision.write(to: &json)
        }
        json.key(Field.error); json.beginObject()
        json.key(Field.code); json.string(error.code.rawValue)
        json.key(Field.message); json.string(error.message)
        json.endObject()
        json.key(Field.failedAt); json.string(failedAt)
        json.key(Field.payloadPrefixBase64); json.optionalString(payloadPrefixBase64)
        json.key(Field.payloadSHA256); json.optionalString(payloadSHA256)
        json.key(Field.payloadSize)
        if let payloadSize { json.int(payloadSize) } else { json.null() }
        json.key(Field.schemaVersion); json.int(schemaVersion)
        json.key(Field.source); source.write(to: &json)
        json.key(Field.type); json.string(type)
        json.key(Field.workerID); json.string(workerID)
        json.endObject()
        return json.bytes
    }

    init(_ fields: RecordFields) throws(RecordDecodingError) {
        let error = try fields.object(Field.error)
        self.init(source: try SourceOffset(fields.object(Field.source)),
                  reason: DeadLetterReason(try error.value(Field.code, as: DeadLetterReason.Code.self), try error.string(Field.message)),
                  payload: nil, payloadSHA256: try fields.optionalString(Field.payloadSHA256),
                  workerID: try fields.string(Field.workerID), failedAt: try fields.string(Field.failedAt),
                  decision: try fields.optionalObject(Field.decision).map { (fields) throws(RecordDecodingError) in try DecidedOutcome(fields) })
        payloadSize = try fields.optionalInteger(Field.payloadSize)
        payloadPrefixBase64 = try fields.optionalString(Field.payloadPrefixBase64)
        type = try fields.string(Field.type)
        schemaVersion = try fields.integer(Field.schemaVersion)
    }
}

extension DeadLetterRecord.DecidedOutcome {
    enum Field {
        static let decision: StaticString = "decision"
        static let postID: StaticString = "post_id"
        static let isProtected: StaticString = "protected"
        static let ruleset: StaticString = "ruleset"
        static let score: StaticString = "score"
    }

    package func write(to json: inout JSONWriter) {
        json.beginObject()
        json.key(Field.decision); json.string(decision.rawValue)
        json.key(Field.postID); json.string(postID)
        json.key(Field.isProtected); json.bool(isProtected)
        json.key(Field.ruleset); ruleset.write(to: &json)
        // The score was written once already, so it is finite.
        json.key(Field.score); try? json.double(score, key: "score")
        json.endObject()
    }

    init(_ fields: RecordFields) throws(RecordDecodingError) {
        self.init(postID: try fields.string(Field.postID), decision: try fields.value(Field.decision, as: Verdict.self),
                  score: try fields.double(Field.score), isProtected: try fields.bool(Field.isProtected),
                  ruleset: try RulesetIdentity(fields.object(Field.ruleset)))
    }
}

extension VerdictRecord {
    enum Field {
        static let decidedAt: StaticString = "decided_at"
        static let inputSHA256: StaticString = "input_sha256"
        static let postID: StaticString = "post_id"
        static let reason: StaticString = "reason"
        static let reviewer: StaticString = "reviewer"
        static let schemaVersion: StaticString = "schema_version"
        static let source: StaticString = "source"
        static let type: StaticString = "type"
        static let verdict: StaticString = "verdict"
    }

    public func json() -> [UInt8] {
        var json = JSONWriter(capacity: 384)
        json.beginObject()
        json.key(Field.decidedAt); json.string(decidedAt)
        if let inputSHA256 { json.key(Field.inputSHA256); json.string(inputSHA256) }
        json.key(Field.postID); json.string(postID)
        json.key(Field.reason); json.optionalString(reason)
        json.key(Field.reviewer); json.optionalString(reviewer)
        json.key(Field.schemaVersion); json.int(schemaVersion)
        if let source { json.key(Field.source); source.write(to: &json) }
        json.key(Field.type); json.string(type)
        json.key(Field.verdict); json.string(verdict.rawValue)
        json.endObject()
        return json.bytes
    }

    init(_ fields: RecordFields) throws(RecordDecodingError) {
        self.init(legacyPostID: try fields.string(Field.postID), verdict: try fields.value(Field.verdict, as: Outcome.self),
                  reason: try fields.optionalString(Field.reason), reviewer: try fields.optionalString(Field.reviewer),
                  decidedAt: try fields.string(Field.decidedAt))
        type = try fields.string(Field.type)
        schemaVersion = try fields.integer(Field.schemaVersion)
        source = try fields.optionalObject(Field.source).map { (fields) throws(RecordDecodingError) in try SourceOffset(fields) }
        inputSHA256 = try fields.optionalString(Field.inputSHA256)
    }
}

extension JSONValue {
    /// Parses one JSON document strictly (RFC 8259, valid UTF-8, nesting at most `maxDepth`).
    public init(json bytes: [UInt8], maxDepth: Int = 64) throws(RecordDecodingError) {
        do {
            self = try JSONParser.parse(bytes, maxDepth: maxDepth)
        } catch {
            throw RecordDecodingError("not JSON at byte \(error.offset): \(error.message)")
        }
    }

    /// The value as compact JSON, object keys in order, numbers in their shortest form.
    public func json() -> [UInt8] {
        var json = JSONWriter()
        write(to: &json)
        return json.bytes
    }

    /// `json()` as text.
    public var jsonText: String { String(decoding: json(), as: UTF8.self) }

    package func write(to json: inout JSONWriter) {
        switch self {
        case .null: json.null()
        case .bool(let value): json.bool(value)
        // A number came from parsed JSON, so it is finite.
        case .number(let value): try? json.double(value, key: "")
        case .string(let value): json.string(value)
        case .array(let values):
            json.beginArray()
            for value in values { value.write(to: &json) }
            json.endArray()
        case .object(let members):
            json.beginObject()
            for key in members.keys.sorted() {
                json.key(dynamic: key)
                members[key]?.write(to: &json)
            }
            json.endObject()
        }
    }
}
