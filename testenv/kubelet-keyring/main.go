// kubelet-keyring answers, with the kubelet's own code, which auths keys of a pull Secret the
// kubelet uses for an image: k8s.io/kubernetes/pkg/credentialprovider's BasicDockerKeyring (Add,
// Lookup) on the repository k8s.io/kubernetes/pkg/util/parsers.ParseImageName gives, as
// pkg/kubelet/images/image_manager.go does. It reads one JSON object per line,
// {"keys": ["registry.example.com", ...], "image": "registry.example.com/app:v1"}, and prints one
// JSON line per object: {"repository": "...", "matches": ["registry.example.com", ...]} in the
// order the kubelet tries them, or {"error": "..."} for an image the kubelet refuses. scripts/install-test-deps builds it inside the module it builds
// the Kubernetes binaries in (same pinned version), so the tests can hold Pullwarden's
// KubeletKeyring to the kubelet's.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"

	"k8s.io/kubernetes/pkg/credentialprovider"
	"k8s.io/kubernetes/pkg/util/parsers"
)

type query struct {
	Keys  []string `json:"keys"`
	Image string   `json:"image"`
}

type answer struct {
	Repository string   `json:"repository"`
	Matches    []string `json:"matches"`
	Error      string   `json:"error,omitempty"`
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	out := json.NewEncoder(os.Stdout)
	for in.Scan() {
		var q query
		if err := json.Unmarshal(in.Bytes(), &q); err != nil {
			fmt.Fprintf(os.Stderr, "kubelet-keyring: %v\n", err)
			os.Exit(2)
		}
		repository, _, _, err := parsers.ParseImageName(q.Image)
		if err != nil {
			// The kubelet refuses such an image before it looks for credentials.
			if err := out.Encode(answer{Matches: []string{}, Error: err.Error()}); err != nil {
				os.Exit(1)
			}
			continue
		}
		// Each key's entry carries the key as its username, so a match names its key.
		config := credentialprovider.DockerConfig{}
		for _, key := range q.Keys {
			config[key] = credentialprovider.DockerConfigEntry{Username: key, Password: "unused"}
		}
		keyring := &credentialprovider.BasicDockerKeyring{}
		keyring.Add(nil, config)
		found, _ := keyring.Lookup(repository)
		matches := []string{}
		for _, auth := range found {
			matches = append(matches, auth.Username)
		}
		if err := out.Encode(answer{Repository: repository, Matches: matches}); err != nil {
			fmt.Fprintf(os.Stderr, "kubelet-keyring: %v\n", err)
			os.Exit(1)
		}
	}
}
