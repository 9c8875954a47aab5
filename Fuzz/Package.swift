// swift-tools-version:6.0
// libFuzzer targets, built apart from the product so that the main build needs no fuzzer runtime,
// on Records and Classifier only (no librdkafka):
//   make fuzz   (swift build --package-path Fuzz -Xswiftc -sanitize=fuzzer,address ...)
import PackageDescription


let package = Package(
    name: "smugglewatch-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "smugglewatch", path: "..")],
    targets: [
        .target(name: "CFuzzerDriver"),
        .executableTarget(name: "FuzzPostDecoder", dependencies: [
            "CFuzzerDriver",
            .product(name: "Records", package: "smugglewatch"),
            .product(name: "Classifier", package: "smugglewatch"),
        ]),
        .executableTarget(name: "FuzzNormaliser", dependencies: [
            "CFuzzerDriver",
            .product(name: "Classifier", package: "smugglewatch"),
        ]),
        .executableTarget(name: "FuzzClassifier", dependencies: [
            "CFuzzerDriver",
            .product(name: "Classifier", package: "smugglewatch"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
