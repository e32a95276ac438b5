// Tests assert lint findings through service.lint(); keep synth from printing them.
process.env.GRPC_MESH_LINT_QUIET = '1';
