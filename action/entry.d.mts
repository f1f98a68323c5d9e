export function input(env: NodeJS.ProcessEnv, name: string): string;
export function splitArgs(text: string): string[];
export function main(env?: NodeJS.ProcessEnv): Promise<number>;
