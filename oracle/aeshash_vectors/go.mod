module aeshashvectors

go 1.19
