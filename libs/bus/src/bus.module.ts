import { DynamicModule, Global, Module, OnApplicationShutdown, OnModuleInit, Inject } from '@nestjs/common';
import { EventBus } from './event-bus';

@Global()
@Module({})
export class BusModule implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(EventBus) private readonly bus: EventBus) {}

  /** A bus instance may be given (the all-in-one start shares one between api and realtime). */
  static forRoot(bus: EventBus): DynamicModule {
    return { module: BusModule, providers: [{ provide: EventBus, useValue: bus }], exports: [EventBus] };
  }

  async onModuleInit(): Promise<void> {
    await this.bus.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.bus.close();
  }
}
