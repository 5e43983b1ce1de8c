module gohashvectors

go 1.19
