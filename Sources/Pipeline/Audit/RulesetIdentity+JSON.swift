import Classifier

extension RulesetIdentity {
    /// `{"name", "version", "sha256"}`, as in decision records.
    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.key("name"); json.string(name)
        json.key("version"); json.string(version)
        json.key("sha256"); json.string(sha256)
        json.endObject()
    }
}
