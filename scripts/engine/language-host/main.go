// A minimal Node.js language host for the Pulumi engine, built by scripts/setup-pulumi.mjs only
// when the Go module proxy will not serve Pulumi's own (sdk/nodejs/cmd/pulumi-language-nodejs).
//
// It does what the engine needs to run a program directory (`pulumi up` in the repo root): it
// starts @pulumi/pulumi's own runner (cmd/run, resolved from the program's node_modules) with the
// engine's monitor address, project, stack and config, and reports the exit. Program evaluation,
// TypeScript, resource registration and dynamic providers are all the SDK's code. It also starts
// Node plugins (RunPlugin), which is how the engine runs a Node policy pack (`--policy-pack <dir>`).
// It does not install dependencies or discover plugins (the project's setup does both); those
// RPCs answer empty.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	sdk "github.com/pulumi/pulumi/sdk/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// Set at build time to the engine version it was built with.
var version = "dev"

// The runner exits with this code after it has already reported a user-actionable error.
const bailExitCode = 32

type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	engineAddress string
}

func (h *host) Handshake(_ context.Context, req *pulumirpc.LanguageHandshakeRequest) (*pulumirpc.LanguageHandshakeResponse, error) {
	if req.GetEngineAddress() != "" {
		h.engineAddress = req.GetEngineAddress()
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *host) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version}, nil
}

func (h *host) GetRequiredPlugins(context.Context, *pulumirpc.GetRequiredPluginsRequest) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

func (h *host) GetRequiredPackages(context.Context, *pulumirpc.GetRequiredPackagesRequest) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

func (h *host) InstallDependencies(*pulumirpc.InstallDependenciesRequest, grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse]) error {
	return nil
}

func (h *host) GetProgramDependencies(context.Context, *pulumirpc.GetProgramDependenciesRequest) (*pulumirpc.GetProgramDependenciesResponse, error) {
	return &pulumirpc.GetProgramDependenciesResponse{}, nil
}

func (h *host) RuntimeOptionsPrompts(context.Context, *pulumirpc.RuntimeOptionsRequest) (*pulumirpc.RuntimeOptionsResponse, error) {
	return &pulumirpc.RuntimeOptionsResponse{}, nil
}

func (h *host) About(context.Context, *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	out, err := exec.Command("node", "--version").Output()
	if err != nil {
		return nil, fmt.Errorf("node --version: %w", err)
	}
	return &pulumirpc.AboutResponse{Executable: "node", Version: strings.TrimSpace(string(out))}, nil
}

func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	programDir := req.GetPwd()
	entry := req.GetProgram()
	if info := req.GetInfo(); info != nil {
		programDir, entry = info.GetProgramDirectory(), info.GetEntryPoint()
	}
	if entry == "" {
		entry = "."
	}
	runner, err := resolveModule(programDir, "@pulumi/pulumi/cmd/run")
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	config, err := json.Marshal(req.GetConfig())
	if err != nil {
		return nil, err
	}
	secretKeys, err := json.Marshal(req.GetConfigSecretKeys())
	if err != nil {
		return nil, err
	}
	args := []string{runner,
		"--monitor=" + req.GetMonitorAddress(),
		"--engine=" + h.engineAddress,
		"--organization=" + req.GetOrganization(),
		"--project=" + req.GetProject(),
		"--stack=" + req.GetStack(),
		"--pwd=" + programDir,
		fmt.Sprintf("--parallel=%d", req.GetParallel()),
		fmt.Sprintf("--dry-run=%t", req.GetDryRun()),
	}
	if info := req.GetInfo(); info != nil && info.GetRootDirectory() != "" {
		args = append(args, "--root-directory="+info.GetRootDirectory())
	}
	args = append(append(args, entry), req.GetArgs()...)

	cmd := exec.CommandContext(ctx, "node", args...)
	cmd.Dir = programDir
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	cmd.Env = append(os.Environ(),
		"PULUMI_CONFIG="+string(config),
		"PULUMI_CONFIG_SECRET_KEYS="+string(secretKeys),
		"PULUMI_NODEJS_TYPESCRIPT="+typescriptOption(req.GetInfo()),
	)
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) && exit.ExitCode() == bailExitCode {
			return &pulumirpc.RunResponse{Bail: true}, nil
		}
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("program exited: %v", err)}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}

// RunPlugin starts a plugin written in Node. The engine uses it to start a Node policy pack
// (`pulumi preview --policy-pack <dir>`: kind "analyzer", the directory holding PulumiPolicy.yaml),
// falling back to a `pulumi-analyzer-policy` executable only when there is no language host.
// It does what Pulumi's own host does (sdk/nodejs/cmd/pulumi-language-nodejs, RunPlugin): runs the
// SDK's entry for the kind from the plugin directory's own @pulumi/pulumi, with its output streamed
// back to the engine.
func (h *host) RunPlugin(req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer) error {
	ctx := server.Context()
	closer, stdout, stderr, err := rpcutil.MakeRunPluginStreams(server, false)
	if err != nil {
		return err
	}
	defer closer.Close()

	dir := req.GetInfo().GetProgramDirectory()
	policyPack := req.GetKind() == string(apitype.AnalyzerPlugin)
	entry := "@pulumi/pulumi/cmd/run-plugin"
	if policyPack {
		// Policy packs have their own entry, which loads the pack's index and serves the Analyzer
		// service the PolicyPack constructor sets up.
		entry = "@pulumi/pulumi/cmd/run-policy-pack"
	}
	runner, err := resolveModule(dir, entry)
	if err != nil {
		return err
	}
	// run-policy-pack takes `<engine address> <pack dir>` (the engine's args, then the directory);
	// run-plugin takes the directory first.
	args := []string{runner, dir}
	if policyPack {
		args = append(append([]string{runner}, req.GetArgs()...), dir)
	} else {
		args = append(args, req.GetArgs()...)
	}
	// The engine sends the whole environment; TypeScript packs run through the SDK's ts-node.
	env := append(req.GetEnv(), "PULUMI_NODEJS_TYPESCRIPT="+typescriptOption(req.GetInfo()))

	cmd := exec.CommandContext(ctx, "node", args...)
	cmd.Dir, cmd.Stderr = req.GetPwd(), stderr
	if !policyPack {
		cmd.Env, cmd.Stdout = env, stdout
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("plugin %s exited: %w", dir, err)
		}
		return closer.Close()
	}

	// A policy pack reads the stack (project, stack, dry run, config) from environment variables
	// when it starts, but the engine sends them later, in ConfigureStack on the Analyzer service.
	// So, as Pulumi's host does, the SDK's PolicyProxy answers the engine first (it prints its own
	// port as the plugin's), takes ConfigureStack, and only then is the pack started with that
	// environment; the proxy then forwards every call to the pack's own port.
	proxy, packStdout, err := sdk.NewPolicyProxy(ctx, stdout)
	if err != nil {
		return fmt.Errorf("could not start the policy pack proxy: %w", err)
	}
	stack, err := proxy.AwaitConfiguration(ctx)
	if err != nil {
		return fmt.Errorf("could not get the stack configuration: %w", err)
	}
	if stack != nil {
		for k, v := range map[string]string{
			"PULUMI_NODEJS_ORGANIZATION": stack.GetOrganization(),
			"PULUMI_NODEJS_PROJECT":      stack.GetProject(),
			"PULUMI_NODEJS_STACK":        stack.GetStack(),
			"PULUMI_NODEJS_DRY_RUN":      strconv.FormatBool(stack.GetDryRun()),
		} {
			if v != "" {
				env = append(env, k+"="+v)
			}
		}
		if stack.GetConfig() != nil {
			config, err := json.Marshal(stack.GetConfig())
			if err != nil {
				return err
			}
			env = append(env, "PULUMI_CONFIG="+string(config))
		}
	}
	// Pulumi's host runs packs in their own directory, which ts-node's tsconfig lookup relies on.
	cmd.Dir, cmd.Env, cmd.Stdout = dir, env, packStdout
	if err := cmd.Start(); err != nil {
		proxy.Abort(err)
		return err
	}
	if err := proxy.Attach(ctx, cmd); err != nil {
		return fmt.Errorf("policy pack %s: %w", dir, err)
	}
	return closer.Close()
}

// TypeScript programs run through the SDK's bundled ts-node unless Pulumi.yaml says
// `runtime: {name: nodejs, options: {typescript: false}}`, as with Pulumi's own host.
func typescriptOption(info *pulumirpc.ProgramInfo) string {
	if info != nil && info.GetOptions() != nil {
		if v, ok := info.GetOptions().AsMap()["typescript"].(bool); ok && !v {
			return "false"
		}
	}
	return "true"
}

// A module of the @pulumi/pulumi the program (or plugin) itself depends on.
func resolveModule(dir, module string) (string, error) {
	cmd := exec.Command("node", "-e", "process.stdout.write(require.resolve(process.argv[1]))", module)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("cannot find %s from %s (run npm install there): %v", module, dir, err)
	}
	return filepath.Clean(string(out)), nil
}

func main() {
	// The engine passes its address as the last argument (older engines) or in Handshake, and may
	// add flags meant for Pulumi's host (-root, -tracing, ...): none of them changes what this does.
	h := &host{}
	for _, arg := range os.Args[1:] {
		if !strings.HasPrefix(arg, "-") {
			h.engineAddress = arg
		}
	}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, h)
			return nil
		},
		Options: rpcutil.OpenTracingServerInterceptorOptions(nil),
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: %v\n", err)
		os.Exit(1)
	}
}
